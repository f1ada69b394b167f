"""The window's modules stay a house: no import cycle in ui/, scenes found by name (no scene module
imports another), the battle screen's rooms small, and its draw methods change nothing."""

import ast
from pathlib import Path

from layzner_tactics.ui.app import SCENES, scene_class

UI = Path(__file__).resolve().parent.parent / "layzner_tactics" / "ui"
PACKAGE = "layzner_tactics.ui"


def module_name(path: Path) -> str:
    rel = path.relative_to(UI).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join([PACKAGE, *parts])


def imports_of(path: Path) -> set[str]:
    """The ui/ modules a file imports, anywhere in it (inside functions and TYPE_CHECKING too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for a in node.names:  # "from . import widgets" imports the module, not its package
                sub = f"{target}.{a.name}"
                out.add(sub if sub in MODULES else target)
    return {m for m in out if m.startswith(PACKAGE + ".") and m in MODULES}


MODULES = {module_name(p): p for p in UI.rglob("*.py")}


def graph() -> dict[str, set[str]]:
    return {m: imports_of(p) - {m} for m, p in MODULES.items()}


def test_no_import_cycle_in_the_ui():
    edges = graph()
    done: set[str] = set()

    def visit(m: str, trail: list[str]) -> None:
        if m in trail:
            raise AssertionError("import cycle: " + " -> ".join([*trail[trail.index(m) :], m]))
        if m in done:
            return
        for n in sorted(edges[m]):
            visit(n, [*trail, m])
        done.add(m)

    for m in sorted(edges):
        visit(m, [])


def test_every_registered_scene_exists_and_no_scene_module_imports_another():
    scene_modules = {f"{PACKAGE}.{ref.split(':')[0]}" for ref in SCENES.values()}
    for name in SCENES:
        assert callable(scene_class(name))
    edges = graph()
    for m in scene_modules:
        others = {n for n in edges[m] if any(n == s or n.startswith(s + ".") for s in scene_modules - {m})}
        if m.startswith(f"{PACKAGE}.battle"):
            others = {n for n in others if not n.startswith(f"{PACKAGE}.battle")}  # its own rooms
        assert not others, f"{m} imports the scene modules {sorted(others)}"


def test_the_battle_screens_rooms_are_small():
    for path in sorted((UI / "battle").glob("*.py")):
        lines = len(path.read_text().splitlines())
        assert lines <= 600, f"{path.name}: {lines} lines"


def test_the_battle_screens_draw_functions_assign_nothing_on_the_view():
    """``draw*`` functions only read: no ``v.x = ...``, no ``self.x = ...`` (but the painter's caches)."""
    for name in ("mapdraw.py", "panels.py", "popups.py", "scene.py"):
        tree = ast.parse((UI / "battle" / name).read_text())
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef) or not fn.name.lstrip("_").startswith("draw"):
                continue
            for node in ast.walk(fn):
                targets = node.targets if isinstance(node, ast.Assign) else []
                if isinstance(node, ast.AugAssign | ast.AnnAssign):
                    targets = [node.target]
                for t in targets:
                    if (
                        isinstance(t, ast.Attribute)
                        and isinstance(t.value, ast.Name)
                        and t.value.id in ("v", "view")
                    ):
                        raise AssertionError(f"{name}:{node.lineno}: {fn.name} sets {t.value.id}.{t.attr}")
                    if (
                        isinstance(t, ast.Attribute)
                        and isinstance(t.value, ast.Name)
                        and t.value.id == "self"
                    ):
                        assert t.attr.endswith("_cache"), (
                            f"{name}:{node.lineno}: {fn.name} sets self.{t.attr}"
                        )
