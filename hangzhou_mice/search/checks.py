from django.core.checks import Error, Tags, register
from django.db import connections


@register(Tags.database)
def check_character_classes(app_configs, databases=None, **kwargs):
    """Refuse a database whose LC_CTYPE is C: pg_trgm then takes Chinese
    characters for non-word characters and ignores them, so the search's
    typo matching would silently never see a Chinese title."""
    errors = []
    for alias in databases or ():
        with connections[alias].cursor() as cursor:
            cursor.execute(
                "SELECT datctype FROM pg_database WHERE datname = current_database()"
            )
            (ctype,) = cursor.fetchone()
        if ctype.upper() in ("C", "POSIX"):
            errors.append(
                Error(
                    f"Database '{alias}' has LC_CTYPE {ctype}; the search needs a "
                    "UTF-8 locale to index Chinese titles.",
                    hint="Create the database with LC_CTYPE 'C.UTF-8' "
                    "(TEMPLATE template0), as scripts/postgres.sh does.",
                    id="hangzhou_mice.E003",
                )
            )
    return errors
