"""Imports and migrations point one way: shared machinery, apps, project layer.

Every import is counted, those inside functions too, and so are migrations'
dependencies. The README's Layout section states the same rules.
"""

import ast
import graphlib
from pathlib import Path

from django.conf import settings
from django.db.migrations.loader import MigrationLoader

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("hangzhou_mice", "articles", "events", "ambassadors", "website")
# Which of our packages each one may import (and its migrations depend on).
MAY_IMPORT = {
    "hangzhou_mice": set(),
    "articles": {"hangzhou_mice"},
    "events": {"hangzhou_mice"},
    "ambassadors": {"hangzhou_mice", "events"},
    "website": {"hangzhou_mice", "articles", "events", "ambassadors"},
}


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path, name):
    """The modules of ours that the file imports, wherever the import stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # "from . import views" imports the module views, not a name.
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {module for module in found if module.split(".")[0] in PACKAGES}


def module_graph():
    files = [path for p in PACKAGES for path in (ROOT / p).rglob("*.py")]
    modules = {module_name(path): path for path in files}
    return {
        name: {m for m in imported(path, name) if m in modules and m != name}
        for name, path in modules.items()
    }


def package_graph():
    graph = {package: set() for package in PACKAGES}
    for name, targets in module_graph().items():
        graph[name.split(".")[0]].update(t.split(".")[0] for t in targets)
    for (app, _name), migration in MigrationLoader(None).disk_migrations.items():
        if app in graph:
            graph[app].update(dep for dep, _ in migration.dependencies if dep in graph)
    return {package: targets - {package} for package, targets in graph.items()}


def test_modules_import_each_other_without_cycles():
    graphlib.TopologicalSorter(module_graph()).prepare()  # raises CycleError


def test_packages_and_migrations_point_one_way():
    graph = package_graph()

    graphlib.TopologicalSorter(graph).prepare()
    for package, targets in graph.items():
        assert targets <= MAY_IMPORT[package], (package, targets - MAY_IMPORT[package])


def test_shared_layer_names_no_app_table():
    tables = [f"{app}_" for app in PACKAGES if app != "hangzhou_mice"]
    for path in (ROOT / "hangzhou_mice").rglob("*.py"):
        text = path.read_text()
        assert not [t for t in tables if t in text], path


def test_the_checker_sees_function_local_and_relative_imports(tmp_path):
    package = tmp_path / "events"
    package.mkdir()
    source = package / "views.py"
    source.write_text(
        "def f():\n    from ambassadors.models import A\n\nfrom . import x\n"
    )

    found = imported(source, "events.views")

    assert {"ambassadors.models", "events.x"} <= found
