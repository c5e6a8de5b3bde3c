"""Shared fixtures: the checkout, a disposable copy of the project, and the CLI as users run it.

The CLI runs in this process through Click's CliRunner: exit codes and the
one-line error messages come from Click's standalone mode, exactly as for a
user. Any exception other than a clean exit fails the test with its
traceback. Tests of signals, kills and the console script start a process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner

from hexaglot.cli import cli

REPO = Path(__file__).resolve().parents[1]
STEM = "UNEP-DTIE-Hg-OEWG.2-10"


class Run(NamedTuple):
    """What one hexaglot command did: its exit code and both streams."""

    code: int
    out: str
    err: str


Runner = Callable[..., Run]


def run_hexaglot(*args: str | Path, cwd: Path) -> Run:
    """Run ``hexaglot ARGS`` in ``cwd``, in this process."""
    here = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(
            cli, [str(a) for a in args], prog_name="hexaglot", catch_exceptions=False
        )
    finally:
        os.chdir(here)
    return Run(result.exit_code, result.stdout, result.stderr)


def run_process(*args: str | Path, cwd: Path, timeout: float = 60) -> Run:
    """Run ``python -m hexaglot ARGS`` in ``cwd`` as a process of its own."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run(
        [sys.executable, "-m", "hexaglot", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="session")
def repo() -> Path:
    """The checkout (tests/..), so tests work wherever pytest is started from."""
    return REPO


@pytest.fixture(scope="session")
def paper_path(repo: Path) -> Path:
    """The shipped English source paper."""
    return repo / "source" / f"{STEM}.xml"


@pytest.fixture(scope="session")
def papers_dir(repo: Path) -> Path:
    """Hand-written test papers: minimal.xml and broken/*.xml."""
    return repo / "tests" / "papers"


@pytest.fixture
def project(tmp_path: Path, repo: Path) -> Path:
    """A private copy of source/ and translations/ that a test may change freely."""
    for name in ("source", "translations"):
        shutil.copytree(repo / name, tmp_path / name)
    return tmp_path


@pytest.fixture(scope="session")
def run() -> Runner:
    """The CLI runner: ``run("validate", path, cwd=folder)`` gives a Run."""
    return run_hexaglot
