from django.core.checks import Error, Tags, register
from django.db import connections


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
