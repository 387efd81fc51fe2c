"""The package's layers, read from its source: the core never reaches Qt, the command line and the
format list import no GUI module, and no two modules import each other at load time.

Read with ``ast`` (nothing is imported), so a forbidden import fails here even where the code
path that runs it is never taken by another test.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "actviewer"
QT = ("PySide6", "shiboken6", "pyqtgraph")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    base = base if _is_package(module) else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _imports(module: str, top_level_only: bool) -> set[str]:
    """The modules ``module`` imports (at load time only, or anywhere in it)."""
    tree = ast.parse(MODULES[module].read_text())
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(module, node)
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    return found


def _graph(top_level_only: bool) -> dict[str, set[str]]:
    return {m: {i for i in _imports(m, top_level_only) if i in MODULES} for m in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_reader_sees_the_imports_it_must_judge():
    """The checks below mean something only if the graph holds the edges the code has."""
    graph = _graph(top_level_only=True)
    assert "actviewer.core.features" in graph["actviewer.core.dispatch"]
    assert "actviewer.core.errors" in graph["actviewer.formats"]
    assert "PySide6.QtWidgets" in _imports("actviewer.gui.main_window", top_level_only=True)
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_two_modules_import_each_other_at_load_time():
    assert _cycles(_graph(top_level_only=True)) == []


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("actviewer.core")))
def test_the_core_imports_no_qt_and_no_gui_anywhere(module):
    bad = [
        i
        for i in _imports(module, top_level_only=False)
        if i.split(".")[0] in QT
        or i.startswith("actviewer.gui")
        or i in ("actviewer.cli", "actviewer.formats")
    ]
    assert bad == [], f"{module} imports {bad}"


@pytest.mark.parametrize("module", ["actviewer.cli", "actviewer.formats", "actviewer.gallery"])
def test_the_command_line_and_the_format_list_load_no_gui_module(module):
    bad = [
        i
        for i in _imports(module, top_level_only=True)
        if i.split(".")[0] in QT or i.startswith("actviewer.gui")
    ]
    assert bad == [], f"{module} imports {bad} at load time"
