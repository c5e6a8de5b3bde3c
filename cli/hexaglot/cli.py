"""The hexaglot command line: validate, renumber, extract, update, stats, check, build."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from hexaglot import __version__, catalogs, checks, findings, paper, pdf, stats, sync
from hexaglot import build as builds
from hexaglot.errors import EXIT_FAILED, EXIT_USAGE, HexaglotError
from hexaglot.project import LANGUAGES, Project, check_languages
from hexaglot.renumber import renumber as renumber_file
from hexaglot.validation import validate_file

FORMATS = click.Choice(["text", "json", "github"])


def _project(ctx: click.Context) -> Project:
    return ctx.obj


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
@click.argument("papers", nargs=-1)
@click.option("--format", "fmt", type=FORMATS, default="text", help="Output format.")
@click.pass_context
def validate(ctx: click.Context, papers: tuple[str, ...], fmt: str) -> None:
    """Check papers against the schema (default: every paper in source/)."""
    project = _project(ctx)
    found: list[findings.Finding] = []
    paths = project.papers(papers)
    checked = 0
    for path in paths:
        problems = validate_file(path)
        found.extend(problems)
        if problems:
            continue
        doc = paper.load(path)
        for lang in project.catalog_languages(path.stem):
            checked += 1
            errors = [f for f in checks.check(project, doc, lang) if f.severity == findings.ERROR]
            found.extend(errors)
    _report(found, fmt, f"{len(paths)} paper(s) and {checked} catalogue(s) valid")


def _report(found: list[findings.Finding], fmt: str, ok: str) -> None:
    if fmt == "text" and not found:
        click.echo(ok)
    elif found or fmt == "json":
        click.echo(findings.render(found, fmt))
    if findings.has_errors(found):
        sys.exit(1)


@cli.command()
@click.argument("papers", nargs=-1)
@click.option("-l", "--lang", "langs", multiple=True, help="Language (repeatable).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--format", "fmt", type=FORMATS, default="text", help="Output format.")
@click.pass_context
def check(
    ctx: click.Context, papers: tuple[str, ...], langs: tuple[str, ...], strict: bool, fmt: str
) -> None:
    """Check translation catalogues: placeholders, markup, figures, completeness."""
    project = _project(ctx)
    check_languages(langs)
    found: list[findings.Finding] = []
    for path in project.papers(papers):
        doc = paper.load(path)
        found.extend(checks.template_findings(project, doc))
        for lang in langs or project.catalog_languages(path.stem):
            found.extend(checks.check(project, doc, lang))
    if fmt == "text":
        if found:
            click.echo(findings.render(found, fmt))
        click.echo(checks.summary(found), err=bool(found))
    else:
        click.echo(findings.render(found, fmt))
    if findings.has_errors(found) or (strict and found):
        sys.exit(1)


@cli.command()
@click.argument("papers", nargs=-1, required=True)
@click.pass_context
def renumber(ctx: click.Context, papers: tuple[str, ...]) -> None:
    """Number the paragraphs of PAPERS 1, 2, 3 … in order; nothing else changes."""
    for path in _project(ctx).papers(papers):
        changed = renumber_file(path)
        click.echo(f"{'renumbered' if changed else 'unchanged'} {path}")


@cli.command()
@click.argument("papers", nargs=-1)
@click.pass_context
def extract(ctx: click.Context, papers: tuple[str, ...]) -> None:
    """Write the template (POT) of each paper."""
    project = _project(ctx)
    for path in project.papers(papers):
        out, changed = sync.extract(project, paper.load(path))
        click.echo(f"{'wrote' if changed else 'unchanged'} {out}")


@cli.command()
@click.argument("papers", nargs=-1)
@click.option("-l", "--lang", "langs", multiple=True, help="Language (repeatable).")
@click.pass_context
def update(ctx: click.Context, papers: tuple[str, ...], langs: tuple[str, ...]) -> None:
    """Merge each paper's template into its catalogues, creating missing ones."""
    project = _project(ctx)
    check_languages(langs)
    for path in project.papers(papers):
        doc = paper.load(path)
        targets = list(langs) or [x for x in LANGUAGES if x != doc.lang]
        for out, changed in sync.update(project, doc, targets):
            click.echo(f"{'wrote' if changed else 'unchanged'} {out}")


@cli.command(name="stats")
@click.argument("papers", nargs=-1)
@click.option("-l", "--lang", "langs", multiple=True, help="Language (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def stats_command(
    ctx: click.Context, papers: tuple[str, ...], langs: tuple[str, ...], fmt: str
) -> None:
    """How much of each catalogue is translated, fuzzy and untranslated."""
    project = _project(ctx)
    check_languages(langs)
    rows = []
    for path in project.papers(papers):
        for lang in langs or project.catalog_languages(path.stem):
            rows.append(
                stats.count(path.stem, lang, catalogs.read(project.catalog(path.stem, lang), lang))
            )
    if fmt == "json":
        click.echo(
            json.dumps(
                [dict(vars(r), total=r.total, percent=round(r.percent, 1)) for r in rows], indent=2
            )
        )
        return
    for r in rows:
        click.echo(
            f"{r.paper} {r.lang}: {r.percent:5.1f}% of words translated; "
            f"messages {r.translated} translated, {r.fuzzy} fuzzy, "
            f"{r.untranslated} untranslated (words {r.words_translated}/"
            f"{r.words_fuzzy}/{r.words_untranslated})"
        )


@cli.command()
@click.argument("papers", nargs=-1)
@click.option("-l", "--lang", "langs", multiple=True, help="Language (repeatable).")
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["html", "pdf"]),
    help="Output format (repeatable; default both).",
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
@click.pass_context
def build(
    ctx: click.Context,
    papers: tuple[str, ...],
    langs: tuple[str, ...],
    formats: tuple[str, ...],
    out_dir: Path | None,
    pdf_variant: str,
    official: bool,
    processes: int | None,
    force: bool,
) -> None:
    """Write the HTML and PDF editions of each paper (only what changed)."""
    project = _project(ctx)
    check_languages(langs)
    out_dir = out_dir or project.root / "build"
    formats = formats or ("html", "pdf")
    with builds.workers(processes or builds.default_processes(), "pdf" in formats) as pool:
        docs = [paper.load(path) for path in project.papers(papers)]
        jobs = builds.plan(
            project,
            docs,
            langs,
            formats,
            out_dir,
            pdf_variant,
            official,
            lambda line: click.echo(line, err=True),
        )
        if sys.stdout.isatty():
            with click.progressbar(length=len(jobs), label="Building editions") as bar:
                builds.run(jobs, out_dir, pool, force, lambda job, built: bar.update(1))
        else:

            def line(job: builds.Job, built: bool) -> None:
                draft = f" (draft, {job.edition.percent}% translated)" if job.edition.draft else ""
                click.echo(f"{'wrote' if built else 'up to date'} {job.output}{draft}")

            builds.run(jobs, out_dir, pool, force, line)


def main() -> None:
    """Entry point: every failure becomes one line and a documented exit code."""
    try:
        cli.main(standalone_mode=False, prog_name="hexaglot")
    except HexaglotError as exc:
        # Parser messages may quote several lines of the input; the error stays one line.
        click.echo(f"hexaglot: error: {' '.join(str(exc).splitlines())}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("hexaglot: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        # One line like every other error; click's own form spans four.
        hint = ""
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            hint = f" (see: {exc.ctx.command_path} --help)"
        message = " ".join(exc.format_message().split())
        click.echo(f"hexaglot: error: {message}{hint}", err=True)
        sys.exit(EXIT_USAGE if isinstance(exc, click.UsageError) else EXIT_FAILED)
    except OSError as exc:
        # The environment failed (a folder not readable, a closed pipe): one line too.
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"hexaglot: error: {where}{exc.strerror or exc}", err=True)
        sys.exit(EXIT_FAILED)
