"""Deployment checks: a database that would mangle Chinese text, or one
migrated with migrations that no longer exist. The search's own check (the
database's LC_CTYPE) is in hangzhou_mice/search/checks.py. The ids keep the
prefix they were first published with, so SILENCED_SYSTEM_CHECKS still
names them."""

from django.apps import apps
from django.core.checks import Error, Tags, register
from django.db import connections
from django.db.migrations.loader import MigrationLoader


@register(Tags.database)
def check_server_encoding(app_configs, databases=None, **kwargs):
    """Refuse a database whose encoding would mangle Chinese text."""
    errors = []
    for alias in databases or ():
        with connections[alias].cursor() as cursor:
            cursor.execute("SHOW server_encoding")
            (encoding,) = cursor.fetchone()
        if encoding.upper() not in ("UTF8", "UTF-8"):
            errors.append(
                Error(
                    f"Database '{alias}' uses encoding {encoding}; "
                    "Chinese text needs UTF8.",
                    hint="Create the database with ENCODING 'UTF8'.",
                    id="hangzhou_mice.E001",
                )
            )
    return errors


@register(Tags.database)
def check_migration_history(app_configs, databases=None, **kwargs):
    """Refuse a database migrated with migrations that no longer exist.

    The migrations were rewritten before any production database existed; a
    development database made before that has tables the code no longer
    describes, and Django alone would take it for up to date.
    """
    errors = []
    for alias in databases or ():
        loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
        ours = {config.label for config in apps.get_app_configs()}
        gone = sorted(
            f"{app}.{name}"
            for app, name in loader.applied_migrations
            if app in ours
            and (app, name) not in loader.disk_migrations
            and app in loader.migrated_apps
        )
        if gone:
            errors.append(
                Error(
                    f"Database '{alias}' was migrated with migrations that no "
                    f"longer exist: {', '.join(gone[:3])}…",
                    hint="It predates the rewritten migrations: recreate it "
                    "(make db-reset for the development database).",
                    id="hangzhou_mice.E002",
                )
            )
    return errors
