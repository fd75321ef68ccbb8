"""The apps' imports run one way, as the README's Layout section says, and no module imports itself round."""

import ast
from pathlib import Path

from django.conf import settings

APPS = ["residency", "pages", "staff", "search", "editorial"]
# Which project apps each app may import (residency wires them all together).
ALLOWED = {
    "staff": set(),
    "pages": {"staff"},
    "search": {"pages", "staff"},
    "editorial": {"pages", "staff"},
    "residency": {"pages", "staff", "search", "editorial"},
}


def module_name(path):
    parts = list(path.relative_to(settings.BASE_DIR).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules():
    for app in APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield module_name(path), path


def imports_of(name, path):
    """The project modules `path` imports, at any depth of its code (imports inside functions too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {module for module in found if module.split(".")[0] in APPS}


def graph():
    modules = dict(project_modules())
    return {name: {m for m in imports_of(name, path) if m in modules and m != name} for name, path in modules.items()}


def test_apps_import_only_the_apps_below_them():
    edges = graph()
    wrong = sorted(
        (name, imported)
        for name, targets in edges.items()
        for imported in targets
        if imported.split(".")[0] != name.split(".")[0] and imported.split(".")[0] not in ALLOWED[name.split(".")[0]]
    )
    assert wrong == []
    # The check sees real imports: pages does import staff.
    assert any(
        imported.startswith("staff.")
        for name, targets in edges.items()
        if name.startswith("pages.")
        for imported in targets
    )


def test_no_module_imports_itself_round():
    edges = graph()

    def reaches(start, goal, seen):
        for nxt in edges.get(start, ()):
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                if reaches(nxt, goal, seen):
                    return True
        return False

    cycles = sorted(name for name in edges if reaches(name, name, set()))
    assert cycles == []
    # The check follows chains: the overview's module reaches the staff models through the Apply page's.
    assert reaches("pages.models.home", "staff.models", set())
