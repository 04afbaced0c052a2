"""Imports and migrations point one way: shared machinery, apps, project layer.

Every import is counted, those inside functions too, and so are migrations'
dependencies; outside the project layer (website/, config/), so is every
string that names an app a layer may not import: an app label in a setting
(INSTALLED_APPS), a dotted path or permission ("events.view_participant"), a
URL name or URLconf, a management command line (PERIODIC_JOBS). The README's
Layout section states the same rules.
"""

import ast
import graphlib
from pathlib import Path

from django.conf import settings
from django.db.migrations.loader import MigrationLoader

ROOT = Path(settings.BASE_DIR)
APPS = (
    "hangzhou_mice",
    "signin",
    "operations",
    "articles",
    "events",
    "ambassadors",
    "bureau",
    "enquiries",
    "website",
)
PACKAGES = (*APPS, "config")
# Which of our packages each one may import (and its migrations depend on).
MAY_IMPORT = {
    "hangzhou_mice": set(),
    "signin": {"hangzhou_mice"},
    "operations": {"hangzhou_mice"},
    "articles": {"hangzhou_mice"},
    "events": {"hangzhou_mice"},
    "ambassadors": {"hangzhou_mice", "events"},
    "bureau": {"hangzhou_mice"},
    "enquiries": {"hangzhou_mice", "events", "ambassadors", "bureau"},
    "website": set(APPS) - {"website"},
    "config": set(APPS),
}
PROJECT_LAYER = {"website", "config"}
# The old settings and WSGI paths, kept for a release (README, Upgrading).
SHIMS = {"hangzhou_mice.settings", "hangzhou_mice.wsgi"}


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


def modules():
    files = [path for p in PACKAGES for path in (ROOT / p).rglob("*.py")]
    found = {module_name(path): path for path in files}
    return {name: path for name, path in found.items() if name not in SHIMS}


def module_graph():
    modules_ = modules()
    return {
        name: {m for m in imported(path, name) if m in modules_ and m != name}
        for name, path in modules_.items()
    }


def package_graph():
    graph = {package: set() for package in PACKAGES}
    for name, targets in module_graph().items():
        graph[name.split(".")[0]].update(t.split(".")[0] for t in targets)
    for (app, _name), migration in MigrationLoader(None).disk_migrations.items():
        if app in graph:
            graph[app].update(dep for dep, _ in migration.dependencies if dep in graph)
    return {package: targets - {package} for package, targets in graph.items()}


def commands():
    """Our management commands, each with the package that defines it."""
    return {
        path.stem: package
        for package in PACKAGES
        for path in (ROOT / package).glob("management/commands/[!_]*.py")
    }


def setting_values(tree):
    """The string constants of module-level UPPERCASE assignments (settings)."""
    for node in tree.body:
        targets = getattr(node, "targets", [getattr(node, "target", None)])
        if any(isinstance(t, ast.Name) and t.id.isupper() for t in targets):
            yield from strings(node.value)


def strings(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


def named(path, package, command_owners):
    """The packages the file names by string that `package` may not import."""
    barred = set(PACKAGES) - MAY_IMPORT[package] - {package}
    tree = ast.parse(path.read_text(), str(path))
    found = {s for s in setting_values(tree) if s in barred}
    for text in strings(tree):
        found.update(p for p in barred if text.startswith((f"{p}.", f"{p}:")))
        words = text.split()
        if words and command_owners.get(words[0]) in barred:
            found.add(command_owners[words[0]])
    return found


def test_modules_import_each_other_without_cycles():
    graphlib.TopologicalSorter(module_graph()).prepare()  # raises CycleError


def test_packages_and_migrations_point_one_way():
    graph = package_graph()

    graphlib.TopologicalSorter(graph).prepare()
    for package, targets in graph.items():
        assert targets <= MAY_IMPORT[package], (package, targets - MAY_IMPORT[package])


def test_no_layer_names_by_string_an_app_it_may_not_import():
    owners = commands()
    found = {
        name: sorted(barred)
        for name, path in modules().items()
        if name.split(".")[0] not in PROJECT_LAYER
        and (barred := named(path, name.split(".")[0], owners))
    }

    assert found == {}


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


def test_the_checker_sees_apps_named_by_string(tmp_path):
    source = tmp_path / "settings.py"
    source.write_text(
        'INSTALLED_APPS = ["hangzhou_mice", "events"]\n'
        'STAFF_2FA_PERMISSIONS = ["articles.view_article"]\n'
        'PERIODIC_JOBS = ["run_periodic --verbosity 2"]\n'
        'ROOT_URLCONF = "website.urls"\n'
        'fields = ("website",)  # a field of that name, not the app\n'
    )

    found = named(source, "hangzhou_mice", commands())

    assert found == {"events", "articles", "operations", "website"}
