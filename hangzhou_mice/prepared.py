"""Queries built once a process, for what every page (or every miss of a
page) asks: Django assembling and compiling a queryset of subqueries and
annotations can cost more than PostgreSQL running it (the footer's record
and menu: 3.7 against 0.7 ms; a topic's counts: 29 against 14 ms).

`prepare` compiles a queryset once and notes which of its parameters are
the clock (a `published()` filter reads it as the queryset is built) and
which are stand-ins for values a request gives (`Prepared.bind`).
"""

import datetime
import functools
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone


@dataclass(frozen=True)
class Prepared:
    sql: str
    params: tuple
    now_slots: tuple[int, ...]  # the clock read while it was built
    value_slots: tuple[tuple[int, int], ...]  # (slot, which stand-in)

    def bind(self, *values, now=None):
        """The parameters with the stand-ins' values in place and the clock
        at `now` (the current time by default)."""
        params = list(self.params)
        for slot, n in self.value_slots:
            params[slot] = values[n]
        now = now or timezone.now()
        for slot in self.now_slots:
            params[slot] = now
        return params


def stand_ins(count):
    """Integers no row's id is, to build a queryset with in place of ids
    (`prepare`'s `build` receives them)."""
    return [-1 - n for n in range(count)]


def prepare(build, values=0):
    """Build `build(*stand_ins(values))`'s queryset, compile it, and return
    it as a Prepared: its parameters that are a stand-in, or a moment read
    from the clock while it was built, are marked to be replaced."""
    placeholders = stand_ins(values)
    before = timezone.now()
    queryset = build(*placeholders)
    sql, params = queryset.query.sql_with_params()
    after = timezone.now()
    value_slots = tuple(
        (slot, placeholders.index(value))
        for slot, value in enumerate(params)
        if type(value) is int and value in placeholders
    )
    now_slots = tuple(
        slot
        for slot, value in enumerate(params)
        if isinstance(value, datetime.datetime) and before <= value <= after
    )
    return Prepared(sql, tuple(params), now_slots, value_slots)


def instance(model, names, values):
    """A `model` instance from a row of a prepared query, its values
    converted as the ORM's own reads convert them (JSON decoded, for one):
    `names` are its fields' attnames in the row's order."""
    converted = [
        functools.reduce(
            lambda value, converter: converter(value, field, connection),
            converters,
            value,
        )
        if value is not None
        else None
        for value, (field, converters) in zip(
            values, _converters(model, tuple(names)), strict=True
        )
    ]
    return model.from_db(connection.alias, names, converted)


@functools.cache
def _converters(model, names):
    fields = {field.attname: field for field in model._meta.concrete_fields}
    return [
        (fields[name], fields[name].get_db_converters(connection)) for name in names
    ]
