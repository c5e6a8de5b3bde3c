"""The preview's web server: its few routes on 127.0.0.1, events to the pages, PDFs on request.

Starlette routes the requests and uvicorn serves them; watchfiles reports
saves through the kernel's events (inotify), renames over the file included,
so nothing here polls. Only the routes below exist: there is no static file
serving, so no path, however encoded, reaches the disk. Requests must name a
loopback host (against DNS rebinding), and another site's page may only link
to the preview, not fetch from it;
every response forbids inline script, sniffing and framing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import signal
import socket
import webbrowser
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import FrameType
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from watchfiles import awatch

from hexaglot.base import resources
from hexaglot.base.errors import HexaglotError, InputError, UsageError
from hexaglot.preview import page
from hexaglot.preview.state import Preview, Update
from hexaglot.project.layout import Project
from hexaglot.render import html, pdf
from hexaglot.render.edition import Edition

LOOPBACK = "127.0.0.1"
#: The names a request may give as its Host: anything else is refused (DNS rebinding).
HOSTS = (LOOPBACK, "localhost")
#: The page's own script and style come from the routes below; nothing inline runs.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]
#: Seconds between keep-alive comments on an idle event stream, so a closed page is noticed.
PING = 15.0
#: How long (ms) a save's events are gathered before the preview reads the file.
STEP_MS = 30


class Hub:
    """The open pages' event queues; an update is put in each, ``None`` ends them."""

    def __init__(self) -> None:
        self.queues: set[asyncio.Queue[Update | None]] = set()
        self.closed = False
        self.loop: asyncio.AbstractEventLoop | None = None

    def subscribe(self) -> asyncio.Queue[Update | None]:
        queue: asyncio.Queue[Update | None] = asyncio.Queue()
        if self.closed:
            queue.put_nowait(None)
        self.queues.add(queue)
        return queue

    def publish(self, update: Update | None) -> None:
        for queue in self.queues:
            queue.put_nowait(update)

    def close(self) -> None:
        self.closed = True
        self.publish(None)

    def close_soon(self) -> None:
        """Close from a signal handler or another thread."""
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.close)


def _frame(update: Update) -> str:
    """One server-sent event; JSON keeps it on one data line."""
    return f"id: {update.version}\nevent: update\ndata: {json.dumps(update.data())}\n\n"


def _quiet_worker() -> None:
    """A PDF worker leaves Ctrl-C to the server, which stops it, and starts warm."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    pdf.prepare()


class Printer:
    """PDF editions rendered in a worker process, so that the server answers meanwhile;
    the last one is kept until the edition changes."""

    def __init__(self) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.last: tuple[Edition, bytes] | None = None

    async def render(self, edition: Edition) -> bytes:
        if self.last is not None and self.last[0] is edition:
            return self.last[1]
        if self.pool is None:
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(1, mp_context=context, initializer=_quiet_worker)
        source = await asyncio.to_thread(html.render, edition, True)
        loop = asyncio.get_running_loop()
        try:
            data = await loop.run_in_executor(
                self.pool, pdf.render, source, pdf.VARIANTS[0], html.images(edition)
            )
        except BrokenProcessPool:
            self.pool = None  # the next request starts another worker
            raise HexaglotError("the PDF worker stopped; ask again") from None
        self.last = (edition, data)
        return data

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)


class _Guard:
    """Refuses what a browser marks as sent by another site (a link followed to the page
    excepted), and adds the security headers to every response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = [(k, v) for k, v in message.get("headers", []) if k not in dict(_HEADERS)]
                out.extend(_HEADERS)
                if (b"content-type", b"application/pdf") not in out:
                    out.append((b"content-security-policy", CSP.encode()))
                message = {**message, "headers": out}
            await send(message)

        headers = dict(scope["headers"])
        site = headers.get(b"sec-fetch-site", b"none")
        navigation = headers.get(b"sec-fetch-mode") == b"navigate"
        if site not in (b"none", b"same-origin") and not navigation:
            refusal = PlainTextResponse("Requests from other sites are refused", 403)
            await refusal(scope, receive, secured)
            return
        await self.app(scope, receive, secured)


def application(preview: Preview, hub: Hub) -> Starlette:
    """The preview's routes, and the watcher that keeps ``preview`` up to date."""
    lock = asyncio.Lock()
    printer = Printer()
    script = resources.data("preview.js").read_bytes()
    style = page.stylesheet(resources.data("preview.css").read_text("utf-8")).encode()

    async def index(request: Request) -> Response:
        async with lock:
            return HTMLResponse(preview.document())

    async def events(request: Request) -> Response:
        since = request.headers.get("last-event-id") or request.query_params.get("since", "")
        queue = hub.subscribe()
        async with lock:
            first = None if since == str(preview.version) else preview.snapshot()

        async def stream() -> AsyncIterator[str]:
            try:
                if first is not None:
                    yield _frame(first)
                while True:
                    try:
                        update = await asyncio.wait_for(queue.get(), PING)
                    except TimeoutError:
                        yield ": ping\n\n"
                        continue
                    if update is None:
                        return
                    yield _frame(update)
            finally:
                hub.queues.discard(queue)

        return StreamingResponse(stream(), media_type="text/event-stream")

    async def edition_pdf(request: Request) -> Response:
        async with lock:
            edition = preview.edition
        if edition is None:
            return PlainTextResponse(
                "No edition yet: the paper or its catalogue cannot be read", 503
            )
        try:
            data = await printer.render(edition)
        except HexaglotError as exc:
            return PlainTextResponse(f"The PDF could not be rendered: {exc}", 500)
        name = f"{edition.paper.stem}.{edition.lang}.pdf"
        return Response(
            data,
            media_type="application/pdf",
            headers={"content-disposition": f'inline; filename="{name}"'},
        )

    async def watch(stop: asyncio.Event) -> None:
        """Refresh the preview on every save of its files, until ``stop``."""
        while not stop.is_set():
            files = preview.files()
            folders = sorted({path.parent for path in files if path.parent.is_dir()})
            async for changes in awatch(
                *folders,
                watch_filter=lambda _change, name, files=files: Path(name) in files,
                stop_event=stop,
                step=STEP_MS,
                recursive=False,
            ):
                async with lock:
                    update = await asyncio.to_thread(preview.refresh, {Path(p) for _, p in changes})
                    if update is not None:
                        hub.publish(update)
                if preview.files() != files:
                    break  # the paper now names another meeting: watch its files

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        hub.loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        watcher = asyncio.create_task(watch(stop))
        try:
            yield
        finally:
            stop.set()
            hub.close()
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            printer.close()

    def fixed(body: bytes, media_type: str) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            return Response(body, media_type=media_type)

        return endpoint

    app = Starlette(
        routes=[
            Route("/", index),
            Route("/events", events),
            Route("/edition.pdf", edition_pdf),
            Route("/preview.js", fixed(script, "text/javascript")),
            Route("/preview.css", fixed(style, "text/css")),
        ],
        middleware=[
            Middleware(_Guard),
            Middleware(TrustedHostMiddleware, allowed_hosts=list(HOSTS), www_redirect=False),
        ],
        lifespan=lifespan,
    )
    app.router.redirect_slashes = False
    return app


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 (``port`` 0: any free port); never another address."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((LOOPBACK, port))
        sock.listen(64)
    except OSError as exc:
        sock.close()
        raise HexaglotError(f"cannot listen on {LOOPBACK}:{port}: {exc.strerror}") from None
    return sock


class PreviewServer(uvicorn.Server):
    """uvicorn's server, which also ends the open event streams when asked to stop, so
    that Ctrl-C stops it at once."""

    def __init__(self, preview: Preview, port: int):
        self.hub = Hub()
        self.socket = bind(port)
        config = uvicorn.Config(
            application(preview, self.hub),
            log_level="warning",
            access_log=False,
            http="h11",
            ws="none",
            loop="asyncio",
            lifespan="on",
            server_header=False,
            timeout_graceful_shutdown=3,
        )
        super().__init__(config)

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.socket.getsockname()[1]}/"

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        self.hub.close_soon()

    def stop(self) -> None:
        """Stop from another thread (the tests run the server in one)."""
        self.should_exit = True
        self.hub.close_soon()

    def serve_forever(self) -> None:
        self.run(sockets=[self.socket])


def paper_for(project: Project, name: str | None) -> Path:
    """The paper named, or the project's only one."""
    if name is not None:
        return project.papers((name,))[0]
    papers = project.papers()
    if len(papers) > 1:
        stems = ", ".join(path.stem for path in papers)
        raise UsageError(f"name the paper to preview, one of: {stems}")
    return papers[0]


def start(project: Project, name: str | None, lang: str, port: int) -> PreviewServer:
    """A server for the preview of paper ``name`` in ``lang``, its first state read."""
    path = paper_for(project, name)
    catalog = project.catalog(path.stem, lang)
    if not catalog.exists():
        raise InputError(f"no {lang} catalogue (run: hexaglot update -l {lang})", catalog)
    preview = Preview(project, path, lang)
    preview.refresh()
    return PreviewServer(preview, port)


def serve(
    project: Project,
    name: str | None,
    lang: str,
    port: int,
    open_browser: bool,
    announce: Callable[[str], None],
) -> None:
    """Serve the preview until Ctrl-C, announcing its URL (and opening it with ``open_browser``)."""
    server = start(project, name, lang, port)
    announce(f"Live preview at {server.url} (Ctrl-C to stop)")
    if open_browser:
        webbrowser.open(server.url)
    server.serve_forever()
