"""hexaglot as a user installs it: a wheel in a new virtual environment, outside the checkout.

The wheel is built from the checkout and installed, without its
dependencies, into a fresh environment that borrows this one's
site-packages for them (no network). Only the wheel's own files can serve
``import hexaglot`` there: an editable install's finder is not loaded
through a borrowed folder. From a folder outside the checkout the console
script then starts a project, and validates, extracts, updates and builds
OEWG.2/10 in Chinese.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, STEM
from editions_support import pdf_pages, squeeze


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _run(
        sys.executable,
        *("-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"),
        *("--wheel-dir", out, REPO),
        cwd=out,
    )
    (found,) = out.glob("hexaglot-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new environment holding the wheel; its bin/ folder."""
    env = tmp_path_factory.mktemp("env")
    _run(sys.executable, "-m", "venv", "--without-pip", env, cwd=env)
    python = env / "bin" / "python"
    purelib = _run(
        python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=env
    ).stdout.strip()
    # The dependencies, from this environment: a plain path, so its .pth files are not run.
    Path(purelib, "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", "utf-8")
    _run(
        sys.executable,
        *("-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index"),
        wheel,
        cwd=env,
    )
    return env / "bin"


def test_wheel_carries_the_schema_as_it_is_in_the_checkout(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for name in ("paper.rng", "paper.sch"):
            assert archive.read(f"hexaglot/schema/{name}") == (REPO / "schema" / name).read_bytes()
    assert {
        "hexaglot/data/languages.toml",
        "hexaglot/data/edition.css",
        "hexaglot/data/print.css",
        "hexaglot/data/preview.js",
        "hexaglot/data/preview.css",
        "hexaglot/data/locale/zh/hexaglot.po",
        "hexaglot/data/starter/paper.xml",
    } <= names


def test_installed_hexaglot_builds_a_paper_outside_the_checkout(venv: Path, tmp_path: Path) -> None:
    where = _run(venv / "python", "-c", "import hexaglot; print(hexaglot.__file__)", cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(venv.parent), where.stdout
    version = _run(venv / "hexaglot", "--version", cwd=tmp_path).stdout
    assert "0." in version

    project = tmp_path / "papers"
    init = _run(venv / "hexaglot", "init", project, cwd=tmp_path).stdout
    for name in (".gitignore", ".github/workflows/hexaglot.yml", ".pre-commit-config.yaml"):
        assert (project / name).is_file(), init
    assert "pip install" in (project / ".github/workflows/hexaglot.yml").read_text("utf-8")
    assert _run(venv / "hexaglot", "validate", cwd=project).stdout.startswith("1 paper(s)")

    shutil.copy(REPO / "source" / f"{STEM}.xml", project / "source")
    shutil.copytree(REPO / "source" / "meetings", project / "source" / "meetings")
    (project / "translations" / "zh" / "meetings").mkdir(parents=True)
    shutil.copy(REPO / "translations" / "zh" / f"{STEM}.po", project / "translations" / "zh")
    for po in (REPO / "translations" / "zh" / "meetings").glob("*.po"):
        shutil.copy(po, project / "translations" / "zh" / "meetings")
    for command in (("validate", STEM), ("extract", STEM), ("update", STEM, "-l", "zh")):
        _run(venv / "hexaglot", *command, cwd=project)
    built = _run(venv / "hexaglot", "build", STEM, "-l", "zh", "-j", "1", cwd=project)
    assert "(draft" not in built.stdout, built.stdout
    text = squeeze("".join(pdf_pages(project / "build" / STEM / "zh.pdf")))
    assert squeeze("汞问题不限成员名额特设工作组") in text
    assert (project / "build" / STEM / "zh.html").is_file()
