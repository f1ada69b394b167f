"""The house stands: every import in the package points down the layers, and no modules import in a circle.

Layers (DESIGN.md), each importing only what is listed for it (and the stdlib and third-party packages):

    cli, bench ──> ui ──> campaign ──> sim ──> ai ──> engine <── scenario, data
                                                      storage (stdlib only): any layer
                                                      i18n (translations, on storage): any layer

i18n is stdlib only (on storage): the layers below the UI use it only to say their texts as ``i18n.Text``
(``T_``, ``N_``: the English text and its fields, never translated there); the UI translates them with
``tr`` where they are shown, so no engine, AI or scenario result depends on the chosen language.

Every import counts, also those inside functions and under ``TYPE_CHECKING``: a hidden import is still a
dependency. The source is parsed (ast), nothing is imported.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "layzner_tactics"
ROOT = "layzner_tactics"

BELOW: dict[str, set[str]] = {
    "storage": set(),
    "i18n": {"storage"},
    "engine": {"i18n", "storage"},
    "data": {"i18n", "engine", "storage"},
    "scenario": {"i18n", "data", "engine", "storage"},
    "ai": {"i18n", "data", "engine", "storage"},
    "sim": {"i18n", "ai", "scenario", "data", "engine", "storage"},
    "campaign": {"i18n", "sim", "ai", "scenario", "data", "engine", "storage"},
    "ui": {"i18n", "campaign", "sim", "ai", "scenario", "data", "engine", "storage"},
}
"""What each layer may import besides itself and the package root (``__version__``). The command line
(``cli``, ``bench``, ``__main__``) sits on top and may import anything."""
TOP = {"cli", "bench", "__main__"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    """The project modules an ``import from`` names (a submodule when a name is one)."""
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target != ROOT and not target.startswith(ROOT + "."):
        return []
    out = []
    for alias in node.names:
        sub = f"{target}.{alias.name}"
        out.append(sub if sub in MODULES else target)
    return out


def imports_of(module: str) -> list[tuple[str, int]]:
    """(imported project module, line) for every import statement in ``module``, wherever it sits."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    out: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            out += [(t, node.lineno) for t in _resolve(module, path.name == "__init__.py", node)]
        elif isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names if a.name.split(".")[0] == ROOT]
    return out


def external_imports_of(module: str) -> list[tuple[str, int]]:
    """(top-level name, line) of every import from outside the project."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            out.append((node.module.split(".")[0], node.lineno))
        elif isinstance(node, ast.Import):
            out += [(a.name.split(".")[0], node.lineno) for a in node.names]
    return [(name, line) for name, line in out if name != ROOT]


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_the_layers_cover_every_module():
    layers = {layer_of(m) for m in MODULES} - {""}
    assert layers <= set(BELOW) | TOP, f"modules in no layer: {sorted(layers - set(BELOW) - TOP)}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) in BELOW))
def test_no_import_points_up(module):
    own = layer_of(module)
    allowed = BELOW[own] | {own, ""}
    wrong = [
        f"{MODULES[module].name}:{line}: imports {target} ({layer_of(target)} is above {own})"
        for target, line in imports_of(module)
        if layer_of(target) not in allowed
    ]
    assert not wrong, "\n".join(wrong)


def test_storage_needs_nothing_but_the_standard_library():
    for module in (m for m in MODULES if layer_of(m) == "storage"):
        assert not imports_of(module), f"{module} imports the project"
        outside = [
            f"{n} (line {line})"
            for n, line in external_imports_of(module)
            if n not in sys.stdlib_module_names
        ]
        assert not outside, f"{module} imports beyond the stdlib: {outside}"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (or a module importing itself), Tarjan's
    algorithm without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1 or node in graph.get(node, ()):
                    found.append(sorted(component))
    return found


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for module in MODULES:
        graph[module] |= {t for t, _ in imports_of(module) if t in MODULES and t != ROOT}
    return graph


def test_the_cycle_finder_finds_cycles():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"a"}}) == [["a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_modules_import_each_other_in_a_circle():
    cycles = _cycles(import_graph())
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_import_error_is_caught_around_the_project():
    """``except ImportError`` around a project import hides real breakage; only optional extras may."""
    wrong = []
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Try):
                continue
            caught = {
                n.id
                for h in node.handlers
                for n in ast.walk(h.type)
                if h.type is not None
                if isinstance(n, ast.Name)
            }
            if not caught & {"ImportError", "ModuleNotFoundError"}:
                continue
            inner = ast.Module(body=node.body, type_ignores=[])
            if any(
                (isinstance(n, ast.ImportFrom) and (n.level or (n.module or "").startswith(ROOT)))
                or (isinstance(n, ast.Import) and any(a.name.startswith(ROOT) for a in n.names))
                or (isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "import_module")
                for n in ast.walk(inner)
            ):
                wrong.append(f"{path.name}:{node.lineno}")
    assert not wrong, f"except ImportError around project imports: {wrong}"


SAYS_ONLY = {"N_", "T_", "Text", "Join", "Field"}
"""What the layers below the UI may take from ``i18n``: the means to say a text, never to translate."""


@pytest.mark.parametrize(
    "module", sorted(m for m in MODULES if layer_of(m) in {"engine", "data", "scenario", "ai", "sim"})
)
def test_below_the_ui_texts_are_said_never_translated(module):
    """No engine, AI, scenario or simulator result may depend on the player's language: these layers
    import only ``Text``, ``Join``, ``T_`` and ``N_`` from i18n (never ``tr`` or the language)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    wrong = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("i18n"):
            wrong += [f"{a.name} (line {node.lineno})" for a in node.names if a.name not in SAYS_ONLY]
        elif isinstance(node, ast.Import) and any(a.name.endswith("i18n") for a in node.names):
            wrong.append(f"import i18n (line {node.lineno})")
        elif isinstance(node, ast.ImportFrom) and node.level and node.module is None:
            wrong += [f"i18n (line {node.lineno})" for a in node.names if a.name == "i18n"]
    assert not wrong, f"{module} takes from i18n: {wrong}"
