"""The package's layout follows the pipeline: no stage imports a later one, no cycles.

XML → paper → messages (catalogs) → rendering → project → build → live
preview → command line. Each module's imports are read from its source (every import
statement, those inside functions too) and checked against that order.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "cli" / "hexaglot"

#: The stages in the order data flows through them; the root package
#: (hexaglot/__init__.py, the version) may be imported by all.
LAYERS = ("base", "paper", "catalogs", "render", "project", "word", "build", "preview", "cli")


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(name: str) -> str:
    """The module a dotted name imports: a module file, else its package."""
    parts = name.split(".")
    while parts:
        base = PACKAGE.parent.joinpath(*parts)
        if base.with_suffix(".py").exists() or (base / "__init__.py").exists():
            return ".".join(parts)
        parts.pop()
    raise AssertionError(f"cannot resolve {name}")


def _imports(path: Path) -> set[str]:
    """The hexaglot modules that ``path`` imports."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        out.update(_resolve(name) for name in names if name.split(".")[0] == "hexaglot")
    return out


GRAPH = {_module(path): _imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) == 1:
        return None  # the root package: its version is everyone's
    name = "cli" if parts[1] == "__main__" else parts[1]
    return LAYERS.index(name)


def test_every_module_belongs_to_a_stage() -> None:
    assert {m.split(".")[1] for m in GRAPH if "." in m} == {*LAYERS, "__main__"}


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_module_imports_a_later_stage(module: str) -> None:
    own = _layer(module)
    later = [target for target in GRAPH[module] if own is not None and (_layer(target) or 0) > own]
    assert not later, f"{module} (stage {LAYERS[own]}) imports later stages: {later}"


def test_no_import_cycles() -> None:
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(GRAPH.get(module, ())):
            if target == module or target.count(".") == 0:
                continue
            if state.get(target) == "open":
                cycle = [*path[path.index(target) :], target]
                raise AssertionError(f"import cycle: {' → '.join(cycle)}")
            if target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])


@pytest.mark.parametrize("stage", LAYERS[:-1])
def test_each_stage_states_its_contract(stage: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text("utf-8")))
    assert doc and "Contract:" in doc, f"hexaglot.{stage} has no contract in its docstring"


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    """A control: an upward import written into a copy of a module is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("from hexaglot.build import editions\n", "utf-8")
    assert _imports(bad) == {"hexaglot.build.editions"}
    assert _layer("hexaglot.build.editions") > _layer("hexaglot.paper.model")
