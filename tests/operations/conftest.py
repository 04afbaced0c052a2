import uuid

import pytest
from django.conf import settings
from psycopg import sql

from operations.backup import connect


@pytest.fixture
def scratch_database():
    """An empty database on the same server, dropped afterwards."""
    database = settings.DATABASES["default"]
    name = f"hz_restore_{uuid.uuid4().hex[:12]}"
    with connect({**database, "NAME": "postgres"}, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield {**database, "NAME": name}
        finally:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )
