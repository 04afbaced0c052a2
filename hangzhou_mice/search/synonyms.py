"""Words a visitor may use for what the site says another way.

Each group (a SynonymGroup row, edited in the admin by the bureau's
editors) lists words and phrases that mean the same to someone looking for
a meeting place (centre and center, 宾馆 and 酒店, heart doctor and
cardiologist), in either script: a query that contains one of them also
finds the others. A process reads the groups once a minute at most; a
change saved through it is read at once (`forget`), one saved through
another process within the minute.
"""

import re
import time

from django.db.models.signals import post_delete, post_save

from ..models import SynonymGroup
from .text import HAN, simplified

# Seconds a process keeps the groups it read.
SECONDS = 60
_read = {"at": None, "index": None, "pattern": None}

SEPARATORS = re.compile(r"[\n\r,，、;；]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def entries(terms):
    """The entries of a group as typed: split at new lines, commas (either
    script's) and semicolons; spaces squeezed, Latin lower case, Chinese
    simplified; each once, in order."""
    found = {}
    for term in SEPARATORS.split(CONTROL.sub("\n", terms.replace("\t", " "))):
        term = re.sub(r"\s+", " ", term).strip()
        if term:
            found[simplified(term).lower()] = None
    return list(found)


def forget(**kwargs):
    """Read the groups again on the next search (a group was saved)."""
    _read["at"] = None


post_save.connect(forget, sender=SynonymGroup, dispatch_uid="synonyms-forget")
post_delete.connect(forget, sender=SynonymGroup, dispatch_uid="synonyms-forget")


def _index():
    """Each entry, lower case, to the groups it belongs to."""
    now = time.time()
    if _read["at"] is None or now - _read["at"] >= SECONDS:
        groups = {}
        for terms in SynonymGroup.objects.values_list("terms", flat=True):
            group = tuple(entries(terms))
            for entry in group:
                groups.setdefault(entry, []).append(group)
        _read.update(at=now, index=groups, pattern=None)
    return _read["index"]


def _latin_pattern():
    # Longest first; a whole word or phrase, not one after "-" (excluded).
    index = _index()
    if _read["pattern"] is None:
        latin = sorted((e for e in index if not HAN.search(e)), key=len, reverse=True)
        alternatives = "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in latin)
        # Nothing to find when there is no Latin entry.
        _read["pattern"] = re.compile(
            rf"(?<![\w-])(?:{alternatives})(?!\w)" if latin else r"(?!)", re.I
        )
    return _read["pattern"]


def alike(entry):
    """The other members of every group `entry` is in, in order."""
    found = {}
    for group in _index().get(entry, ()):
        for other in group:
            if other != entry:
                found[other] = None
    return list(found)


def in_latin(text):
    """(text without the phrases a group knows, [(phrase, its alikes), …]).

    A quoted query, or one with "or", is taken as typed."""
    if '"' in text or re.search(r"\bor\b", text, re.I):
        return text, []
    found = []
    for match in _latin_pattern().finditer(text):
        phrase = re.sub(r"\s+", " ", match[0].lower())
        found.append((phrase, alike(phrase)))
    return _latin_pattern().sub(" ", text), found


def in_run(run):
    """The Han entries of the groups found in a run."""
    return [entry for entry in _index() if HAN.fullmatch(entry) and entry in run]


def in_han(run):
    """The forms of a Han run with a group's words replaced by the others
    (展览中心 → 博览中心, 会展中心…), the run first; and, for a run that is a
    group's entry as a whole, that group's Latin members."""
    forms = {run: None}
    for entry in in_run(run):
        for other in alike(entry):
            if HAN.fullmatch(other):
                forms[run.replace(entry, other)] = None
    latin = [other for other in alike(run) if not HAN.search(other)]
    return list(forms), latin
