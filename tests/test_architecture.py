"""The dependency rules of docs/architecture.md, read from the source with ``ast``: no cycles, arrows one way.

The packages are the architecture: ``workshop`` is the core that ``surveys`` and ``exports`` build
on, so the core imports neither of them and ``exports`` does not import ``surveys``; the pure
cores (grouping, SMART hints, survey checks, document builders, the neutral ``workshop.common``)
know nothing of Flask or the database, so the CLI, the benchmarks and the tests use them
without an app. Imports inside functions count too: a late import hides a dependency, it does
not remove it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("workshop", "surveys", "exports")

#: Pure cores: they, and every project module they import, stay free of Flask and the database.
PURE = (
    "workshop.common",
    "workshop.themes",
    "workshop.coaching",
    "workshop.codes",
    "workshop.polls",
    "workshop.agendas",
    "workshop.kinds.words",
    "workshop.kinds.scales",
    "workshop.kinds.rankings",
    "workshop.kinds.questions",
    "surveys.lint",
    "surveys.documents",
    "surveys.design",
    "surveys.outcomes",
    "exports.builders",
    "exports.data",
)
#: What "Flask or the database" means for a pure core.
IMPURE_LIBRARIES = ("flask", "flask_login", "flask_wtf", "flask_sqlalchemy", "flask_migrate", "flask_limiter",
                    "flask_compress", "htmx_flask", "sqlalchemy", "werkzeug", "alembic")  # fmt: skip
IMPURE_MODULES = ("workshop.extensions", "workshop.models", "surveys.models")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            modules[_module_name(path)] = path
    return modules


def _is_package(name: str) -> bool:
    return project_modules()[name].name == "__init__.py"


def _imported_names(name: str) -> Iterator[str]:
    """Every module ``name`` imports (absolute names, relative imports resolved), anywhere in the file."""
    tree = ast.parse(project_modules()[name].read_text(encoding="utf-8"))
    package = name if _is_package(name) else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            # ``from package import submodule`` imports the submodule.
            yield from (f"{base}.{alias.name}" for alias in node.names)


@cache
def project_imports(name: str) -> frozenset[str]:
    """The project modules ``name`` imports directly."""
    modules = project_modules()
    return frozenset(imported for imported in _imported_names(name) if imported in modules and imported != name)


@cache
def library_imports(name: str) -> frozenset[str]:
    return frozenset(imported.partition(".")[0] for imported in _imported_names(name))


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def test_the_source_is_found() -> None:
    modules = project_modules()
    assert {"workshop.app", "workshop.common.word", "surveys.wiring", "exports.builders.report"} <= modules.keys()
    assert "workshop.common.text" in project_imports("workshop.common.word")


def test_no_import_cycles() -> None:
    """A cycle makes import order matter and hides which layer owns what (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(project_imports(node)):
            # A package importing its own submodules (re-exports in __init__) is not a cycle.
            if target.startswith(node + "."):
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(project_modules()):
        if module not in index:
            visit(module)
    assert cycles == []


@pytest.mark.parametrize(
    ("importer", "forbidden"),
    [
        ("workshop", ("surveys", "exports")),
        ("exports", ("surveys",)),
        ("workshop.common", ("workshop", "surveys", "exports")),
    ],
)
def test_dependencies_point_one_way(importer: str, forbidden: tuple[str, ...]) -> None:
    wrong = sorted(
        f"{module} imports {target}"
        for module in project_modules()
        if _within(module, (importer,))
        for target in project_imports(module)
        if _within(target, forbidden) and not _within(target, ("workshop.common",))
    )
    assert wrong == []


def test_views_do_not_import_other_views() -> None:
    """Shared lookups live in workshop.access, shared rendering in workshop.rendering."""
    wrong = sorted(
        f"{module} imports {target}"
        for module in project_modules()
        for target in project_imports(module)
        if ".views" in target and module != "workshop.app" and not module.endswith("wiring")
        and target.partition(".views")[0] != module.partition(".views")[0]
    )  # fmt: skip
    assert wrong == []


def test_pure_cores_know_nothing_of_flask_or_the_database() -> None:
    wrong = []
    for module in sorted(project_modules()):
        if not _within(module, PURE):
            continue
        seen: set[str] = set()
        todo = [module]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            libraries = library_imports(current) & set(IMPURE_LIBRARIES)
            modules = {target for target in project_imports(current) if target in IMPURE_MODULES}
            if libraries or modules:
                wrong.append(f"{module} reaches {sorted(libraries | modules)} through {current}")
            todo.extend(project_imports(current))
    assert wrong == []


def test_the_core_names_its_domains_instead_of_importing_them() -> None:
    from workshop.config import DEFAULTS

    for name in DEFAULTS["DOMAINS"]:
        assert name in project_modules(), name
        assert not _within(name, ("workshop",))
