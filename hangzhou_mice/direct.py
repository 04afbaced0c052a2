"""A session of its own on PostgreSQL itself, past any connection pooler.

Behind PgBouncer in transaction mode, each transaction of Django's connection
may run on another server session, and the pooler may reset a session once a
transaction ends. What must outlive a transaction on one session therefore
takes a connection of its own: the hourly run's lock (operations) and the
login slots' locks (signin). DATABASE_DIRECT_URL names the server itself;
without it, the database Django uses.
"""

import psycopg
from django.conf import settings
from django.db import connection

# Connection options Django reads itself and libpq would refuse.
DJANGO_OPTIONS = {"assume_role", "isolation_level", "pool", "server_side_binding"}
DJANGO_OPTIONS |= {"context", "cursor_factory", "prepare_threshold"}


def libpq_params(database):
    """Return libpq's connection parameters for a DATABASES entry, and the password."""
    options = database.get("OPTIONS", {})
    params = {k: v for k, v in options.items() if k not in DJANGO_OPTIONS}
    password = params.pop("password", "") or database.get("PASSWORD", "")
    for name, key in (("NAME", "dbname"), ("USER", "user"), ("HOST", "host")):
        if database.get(name):
            params[key] = database[name]
    if database.get("PORT"):
        params["port"] = str(database["PORT"])
    return params, password


def direct_database():
    """The DATABASES entry of a session past the pooler."""
    return settings.DATABASE_DIRECT or connection.settings_dict


def connect_direct():
    """A connection of its own, in autocommit; close it to end its session."""
    params, password = libpq_params(direct_database())
    return psycopg.connect(**params, password=password or None, autocommit=True)
