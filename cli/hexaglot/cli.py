"""The hexaglot command line: one Click command per task, each one call into the library.

Options that several commands take are declared once below. Failures reach
the user as one line and a documented exit code: library errors become
:class:`Failure`, Click's usage errors :class:`Misuse`; Click's own
standalone mode prints them and exits.
"""

from __future__ import annotations

import errno
import itertools
import json
import sys
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

import click

from hexaglot import __version__
from hexaglot.base import findings
from hexaglot.base.errors import EXIT_FAILED, HexaglotError
from hexaglot.base.languages import LANGUAGES
from hexaglot.build import editions
from hexaglot.catalogs import xliff
from hexaglot.paper.renumber import renumber as renumber_file
from hexaglot.project import exchange, review, scaffold, sync
from hexaglot.project.layout import Project
from hexaglot.render import pdf

EXIT_INTERRUPTED = 130

F = TypeVar("F", bound=Callable[..., Any])


#: The command whose JSON output was asked for (``--format json``), if any: its
#: errors are then JSON on stdout too (see :func:`_json_command`).
_JSON_COMMAND: ContextVar[str | None] = ContextVar("hexaglot_json_command", default=None)

#: What each command that speaks JSON puts beside ``error``, empty when it failed.
_JSON_DATA: dict[str, Callable[[], dict[str, Any]]] = {
    "validate": lambda: {"findings": [], "summary": findings.counts([])},
    "check": lambda: {"findings": [], "summary": findings.counts([])},
    "stats": lambda: {"stats": []},
}


def _emit_json(
    command: str, exit_code: int, error: dict[str, Any] | None = None, **data: Any
) -> None:
    """Print the one JSON object a ``--format json`` run writes, whatever its outcome.

    Its shape is documented in the README and stable: ``command``, ``ok``,
    ``exit_code``, ``error`` (null, or message, path, line) and the command's
    own data, present (if empty) even when the command failed.
    """
    out = {"command": command, "ok": exit_code == 0, "exit_code": exit_code, "error": error}
    out.update(_JSON_DATA[command]() if error else {})
    out.update(data)
    click.echo(json.dumps(out, ensure_ascii=False, indent=2))


def _json_command(args: list[str]) -> str | None:
    """The command of ``args`` (hexaglot's arguments) if it asks for ``--format json``."""
    command = None
    rest = iter(args)
    for arg in rest:
        if arg in ("-C", "--project"):
            next(rest, None)
        elif not arg.startswith("-"):
            command = arg
            break
    tail = list(rest)
    asked = "--format=json" in tail or ("--format", "json") in itertools.pairwise(tail)
    return command if asked and command in _JSON_DATA else None


class Failure(click.ClickException):
    """A failure of the input or the environment: one line, the library's exit code."""

    def __init__(self, message: str, exit_code: int, error: HexaglotError | None = None):
        # Parser messages may quote several lines of the input; the error stays one line.
        super().__init__(" ".join(message.split()))
        self.exit_code = exit_code
        self.error = error

    def show(self, file: Any = None) -> None:
        command = _JSON_COMMAND.get()
        if command:
            exc = self.error
            error = {
                "message": " ".join(exc.message.split()) if exc else self.format_message(),
                "path": exc.path if exc else None,
                "line": exc.line if exc else None,
            }
            _emit_json(command, self.exit_code, error)
        click.echo(f"hexaglot: error: {self.format_message()}", err=True)


class Misuse(click.UsageError):
    """A usage error (exit 2) in one line, with where to find help."""

    def show(self, file: Any = None) -> None:
        hint = f" (see: {self.ctx.command_path} --help)" if self.ctx else ""
        message = " ".join(self.format_message().split())
        command = _JSON_COMMAND.get()
        if command:
            _emit_json(command, self.exit_code, {"message": message, "path": None, "line": None})
        click.echo(f"hexaglot: error: {message}{hint}", err=True)


def _translated(call: Callable[[], Any]) -> Any:
    """Run ``call``, turning hexaglot's and Click's failures into one-line ones."""
    try:
        return call()
    except HexaglotError as exc:
        raise Failure(str(exc), exc.exit_code, exc) from None
    except click.exceptions.NoArgsIsHelpError:
        raise
    except click.UsageError as exc:
        if isinstance(exc, Misuse):
            raise
        raise Misuse(exc.format_message(), exc.ctx) from None
    except KeyboardInterrupt:
        raise Failure("interrupted", EXIT_INTERRUPTED) from None
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise  # Click quiets a closed pipe itself
        where = f"{exc.filename}: " if exc.filename else ""
        raise Failure(f"{where}{exc.strerror or exc}", EXIT_FAILED) from None


class Hexaglot(click.Group):
    """The command group, reporting every failure in one line (and in JSON when asked)."""

    def main(self, args: Any = None, *more: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        token = _JSON_COMMAND.set(_json_command(argv))
        try:
            return super().main(argv, *more, **kwargs)
        finally:
            _JSON_COMMAND.reset(token)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        return _translated(lambda: super(Hexaglot, self).make_context(*args, **kwargs))

    def invoke(self, ctx: click.Context) -> Any:
        return _translated(lambda: super(Hexaglot, self).invoke(ctx))


# Options shared by several commands -------------------------------------------


def papers_argument(required: bool = False) -> Callable[[F], F]:
    return click.argument("papers", nargs=-1, required=required)


langs_option = click.option(
    "-l",
    "--lang",
    "langs",
    multiple=True,
    type=click.Choice(LANGUAGES),
    help="Language (repeatable; default: every catalogue).",
)


target_lang_option = click.option(
    "-l", "--lang", required=True, type=click.Choice(LANGUAGES), help="Target language."
)


def output_file_option(help: str) -> Callable[[F], F]:
    return click.option(
        "-o",
        "--output",
        "out",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=help,
    )


def format_option(*choices: str) -> Callable[[F], F]:
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default="text", help="Output format."
    )


class ShardType(click.ParamType):
    """K/N, the K-th of N shares of a build."""

    name = "K/N"

    def convert(self, value: Any, param: Any, ctx: Any) -> editions.Shard:
        if isinstance(value, editions.Shard):
            return value
        try:
            return editions.Shard.parse(value)
        except HexaglotError as exc:
            self.fail(exc.message, param, ctx)


def _report(command: str, found: list[findings.Finding], fmt: str, failed: bool) -> None:
    """Print ``found`` in ``fmt`` (JSON says whether the command failed)."""
    if fmt == "json":
        data = {"findings": findings.as_data(found), "summary": findings.counts(found)}
        _emit_json(command, 1 if failed else 0, **data)
    elif found:
        click.echo(findings.render(found, fmt))


def _written(path: Path, changed: bool) -> None:
    click.echo(f"{'wrote' if changed else 'unchanged'} {path}")


# Commands ---------------------------------------------------------------------


@click.group(cls=Hexaglot, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hexaglot")
@click.option(
    "-C",
    "--project",
    "root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    help="Project folder (holding source/ and translations/).",
)
@click.pass_context
def cli(ctx: click.Context, root: Path) -> None:
    """Multilingual United Nations meeting papers: validate, translate, build."""
    ctx.obj = Project(root)


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--symbol", default="UNEP/XX/1/1", show_default=True, help="Symbol of the starter paper."
)
@click.option(
    "--original",
    type=click.Choice(LANGUAGES),
    default="en",
    show_default=True,
    help="Original language of the starter paper.",
)
def init(folder: Path, symbol: str, original: str) -> None:
    """Start a papers project in FOLDER: source/, translations/, CI and pre-commit set-up."""
    for path, written in scaffold.init(folder, symbol, original):
        click.echo(f"{'wrote' if written else 'kept'} {path}")
    click.echo(f"next: cd {folder} && hexaglot validate && hexaglot extract && hexaglot update")


@cli.command()
@papers_argument()
@format_option("text", "json", "github")
@click.pass_obj
def validate(project: Project, papers: tuple[str, ...], fmt: str) -> None:
    """Check papers against the schema, and their catalogues for errors (default: every paper)."""
    result = review.validate(project, papers)
    failed = findings.has_errors(result.findings)
    if fmt == "text" and not result.findings:
        click.echo(result.summary)
    _report("validate", result.findings, fmt, failed)
    if failed:
        sys.exit(1)


@cli.command()
@papers_argument()
@langs_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@format_option("text", "json", "github")
@click.pass_obj
def check(
    project: Project, papers: tuple[str, ...], langs: tuple[str, ...], strict: bool, fmt: str
) -> None:
    """Check translation catalogues: placeholders, markup, figures, completeness."""
    found = review.check(project, papers, langs)
    failed = findings.has_errors(found) or (strict and bool(found))
    _report("check", found, fmt, failed)
    if fmt == "text":
        click.echo(findings.summary(found), err=bool(found))
    if failed:
        sys.exit(1)


@cli.command()
@papers_argument(required=True)
@click.pass_obj
def renumber(project: Project, papers: tuple[str, ...]) -> None:
    """Number the paragraphs of PAPERS 1, 2, 3 … in order; nothing else changes."""
    for path in project.papers(papers):
        click.echo(f"{'renumbered' if renumber_file(path) else 'unchanged'} {path}")


@cli.command()
@papers_argument()
@click.pass_obj
def extract(project: Project, papers: tuple[str, ...]) -> None:
    """Write the template (POT) of each paper, and of the meetings they refer to."""
    for out, changed in sync.extract_all(project, papers):
        _written(out, changed)


@cli.command()
@papers_argument()
@langs_option
@click.option(
    "--tm",
    "tm",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A TMX file to pre-fill untranslated messages from (repeatable).",
)
@click.pass_obj
def update(
    project: Project, papers: tuple[str, ...], langs: tuple[str, ...], tm: tuple[Path, ...]
) -> None:
    """Merge each paper's messages (and its meeting's) into its catalogues, creating missing
    ones; what is untranslated is pre-filled (fuzzy) from the project's other catalogues and
    from TMX files."""
    for out, changed in sync.update_all(project, papers, langs, tm):
        _written(out, changed)


@cli.command(name="stats")
@papers_argument()
@langs_option
@format_option("text", "json")
@click.pass_obj
def stats_command(
    project: Project, papers: tuple[str, ...], langs: tuple[str, ...], fmt: str
) -> None:
    """How much of each catalogue is translated, fuzzy and untranslated."""
    rows = review.stats(project, papers, langs)
    if fmt == "json":
        data = [dict(vars(r), total=r.total, percent=round(r.percent, 1)) for r in rows]
        _emit_json("stats", 0, stats=data)
        return
    for r in rows:
        click.echo(
            f"{r.paper} {r.lang}: {r.percent:5.1f}% of words translated; "
            f"messages {r.translated} translated, {r.fuzzy} fuzzy, "
            f"{r.untranslated} untranslated (words {r.words_translated}/"
            f"{r.words_fuzzy}/{r.words_untranslated})"
        )


@cli.group(name="tm")
def tm_group() -> None:
    """Translation memory as TMX 1.4 (update --tm reads it back)."""


@tm_group.command(name="export")
@target_lang_option
@output_file_option("TMX file to write (default: LANG.tmx here).")
@click.pass_obj
def tm_export(project: Project, lang: str, out: Path | None) -> None:
    """Write every finished translation into LANG of the project's papers as TMX."""
    path, written, count = exchange.tm_export(project, lang, out)
    click.echo(f"{'wrote' if written else 'unchanged'} {path} ({count} units)")


@cli.group(name="xliff")
def xliff_group() -> None:
    """Exchange catalogues with CAT tools (OmegaT, Trados, memoQ…) as XLIFF."""


@xliff_group.command(name="export")
@click.argument("paper")
@target_lang_option
@output_file_option("XLIFF file to write (default: PAPER.LANG.xlf here).")
@click.option(
    "--xliff-version",
    "version",
    type=click.Choice(xliff.VERSIONS),
    default="2.0",
    show_default=True,
    help="1.2 for tools that do not read XLIFF 2.0.",
)
@click.pass_obj
def xliff_export(project: Project, paper: str, lang: str, out: Path | None, version: str) -> None:
    """Write PAPER's blocks and their LANG translations as XLIFF, one unit per block."""
    _written(*exchange.export(project, paper, lang, out, version))


@xliff_group.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def xliff_import(project: Project, file: Path) -> None:
    """Merge the translations of an XLIFF FILE into its catalogue, through the usual checks."""
    path, written, errors = exchange.import_(project, file)
    if errors:
        click.echo(findings.render(errors, "text"))
        click.echo(f"{findings.summary(errors)}; {path} left as it was", err=True)
        sys.exit(1)
    _written(path, written)


class _BuildLines:
    """Build progress as one line per output (logs, CI)."""

    def warning(self, text: str) -> None:
        click.echo(f"warning: {text}", err=True)

    def planned(self, jobs: list[editions.Job]) -> None:
        pass

    def finished(self, job: editions.Job, built: bool) -> None:
        ed = job.edition
        draft = f" (draft, {ed.percent}% translated)" if ed.draft else ""
        click.echo(f"{'wrote' if built else 'up to date'} {job.output}{draft}")

    def wrote(self, page: Path) -> None:
        click.echo(f"wrote {page}")


class _BuildBar(_BuildLines):
    """Build progress as a bar (a terminal), then the list of what was written."""

    def planned(self, jobs: list[editions.Job]) -> None:
        self.bar = click.progressbar(length=len(jobs), label="Building editions")
        self.left = len(jobs)
        self.lines: list[tuple[editions.Job, bool]] = []

    def finished(self, job: editions.Job, built: bool) -> None:
        self.bar.update(1)
        self.lines.append((job, built))
        self.left -= 1
        if not self.left:
            self.bar.render_finish()
            for done in sorted(self.lines, key=lambda line: line[0].output):
                super().finished(*done)


@cli.command()
@papers_argument()
@langs_option
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(editions.FORMATS),
    help="Output format (repeatable; default html and pdf; docx: Word editions).",
)
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: build/).",
)
@click.option(
    "--pdf-variant",
    type=click.Choice(pdf.VARIANTS),
    default="pdf/ua-1",
    help="PDF standard to follow.",
)
@click.option(
    "--official",
    is_flag=True,
    help="Refuse (and write nothing) unless every edition is complete and clean.",
)
@click.option(
    "-j",
    "--jobs",
    "processes",
    type=click.IntRange(1, 64),
    default=None,
    help="Parallel processes (default: the number of cores).",
)
@click.option("--force", is_flag=True, help="Rebuild even what is up to date.")
@click.option(
    "--shard",
    type=ShardType(),
    default=None,
    help="Build only the K-th of N fixed shares of the outputs (for CI matrices).",
)
@click.pass_obj
def build(
    project: Project,
    papers: tuple[str, ...],
    langs: tuple[str, ...],
    formats: tuple[str, ...],
    out_dir: Path | None,
    pdf_variant: str,
    official: bool,
    processes: int | None,
    force: bool,
    shard: editions.Shard | None,
) -> None:
    """Write the HTML and PDF (or Word) editions of each paper (only what changed)."""
    options = editions.Options(
        langs=langs,
        formats=formats or editions.DEFAULT_FORMATS,
        out_dir=out_dir,
        variant=pdf_variant,
        official=official,
        processes=processes,
        force=force,
        shard=shard,
    )
    reporter = _BuildBar() if sys.stdout.isatty() else _BuildLines()
    editions.build(project, papers, options, reporter)


@cli.command()
@click.argument("paper", required=False)
@target_lang_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a browser.")
@click.pass_obj
def preview(project: Project, paper: str | None, lang: str, port: int, open_browser: bool) -> None:
    """Serve a live preview of PAPER's LANG edition beside its source on 127.0.0.1, updated
    whenever its catalogue is saved (PAPER may be left out in a one-paper project)."""
    # Imported here: the web server and Word libraries would add a tenth of a
    # second to the start of every other command.
    from hexaglot.preview import server

    server.serve(project, paper, lang, port, open_browser, click.echo)


@cli.command(name="import")
@click.argument("draft", type=click.Path(dir_okay=False, path_type=Path))
@output_file_option("Paper to write (default: source/<symbol>.xml).")
@click.pass_obj
def import_command(project: Project, draft: Path, out: Path | None) -> None:
    """Make a paper of a Word DRAFT (.docx): masthead, headings, paragraphs, notes, tables."""
    from hexaglot.word import importer

    path, written, found = importer.import_draft(draft, out, project.source_dir)
    if found:
        click.echo(findings.render(found, "text"), err=True)
    _written(path, written)


@cli.command()
@click.argument("paper")
@target_lang_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def align(project: Project, paper: str, lang: str, file: Path) -> None:
    """Fill PAPER's LANG catalogue from an existing LANG edition (FILE: .docx or UTF-8 text)."""
    from hexaglot.word import align as aligner

    outcome = aligner.align_paper(project, paper, lang, file)
    if outcome.findings:
        click.echo(findings.render(outcome.findings, "text"), err=True)
    _written(outcome.catalog, outcome.written)
    click.echo(
        f"filled {outcome.filled} entries (fuzzy), kept {outcome.kept} existing translations, "
        f"{len(outcome.findings)} findings"
    )
