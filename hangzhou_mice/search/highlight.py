"""Marking the query's words in a result's title and a short excerpt.

Done in Python on the stored plain text: ts_headline would parse Chinese as
whole runs and miss 会展 inside 杭州国际会展中心.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

EXCERPT = 220  # characters around the first match


def pattern(stems, han_runs):
    """A regex for the query's words: Latin stems with an ending of up to
    three letters (roadshow-s, meet-ings; not Lake-side), Han as is."""
    parts = [rf"\b{re.escape(stem)}\w{{0,3}}\b" for stem in stems if stem]
    parts += [re.escape(run) for run in han_runs]
    if not parts:
        return None
    return re.compile("|".join(sorted(parts, key=len, reverse=True)), re.I)


def marked(text, words):
    """`text` escaped, the matches of `words` in <mark>."""
    if words is None:
        return escape(text)
    out, last = [], 0
    for match in words.finditer(text):
        out += [escape(text[last : match.start()]), f"<mark>{escape(match[0])}</mark>"]
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece escaped above)


def excerpt(text, words, length=EXCERPT):
    """A window of `text` around its first match, marked; the start otherwise."""
    match = words.search(text) if words is not None else None
    start = 0
    if match and match.start() > length // 3:
        start = match.start() - length // 3
        # From a word boundary where there is one nearby.
        space = text.find(" ", start, match.start())
        start = space + 1 if 0 <= space < start + 20 else start
    window = text[start : start + length]
    prefix = "…" if start else ""
    suffix = "…" if start + length < len(text) else ""
    return mark_safe(f"{prefix}{marked(window, words)}{suffix}")  # noqa: S308
