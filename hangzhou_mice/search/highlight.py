"""Marking the query's words in a result's title, names and a short excerpt.

Done in Python on the stored plain text: ts_headline would parse Chinese as
whole runs and miss 会展 inside 杭州国际会展中心.
"""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from ..templatetags.languages import bcp47, in_language
from ..translated import written_in
from .text import HAN

# Excerpt lengths, in characters, by the script around the first mark: a Han
# character carries about as much as two Latin letters.
HAN_EXCERPT = 80
LATIN_EXCERPT = 160
# How far a cut may move to land on a word boundary or punctuation.
HAN_SLACK = 12
LATIN_SLACK = 24

# Python's \b counts Han as word characters, so PLUS in 杭州PLUS would have
# no boundary: a Latin word ends where Latin letters and digits do.
LATIN = r"0-9A-Za-z\u00c0-\u024f"
EDGE_BEFORE = rf"(?<![{LATIN}])"
EDGE_AFTER = rf"(?![{LATIN}])"
# Full-width punctuation: a cut after it starts or ends a clause. Nothing
# in any language puts a space before a closing one or after an opening one
# (where one shows, an inline tag was dropped for the index: 计算机 ：).
CJK_PUNCTUATION = "，。、；：！？…—“”‘’（）《》〈〉「」『』【】"
CJK = (
    r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
    + CJK_PUNCTUATION
)
SPACE_BY_PUNCTUATION = re.compile(
    r"[ \t]+(?=[，。、；：！？）》〉」』】])|(?<=[（《〈「『【])[ \t]+"
    r"|[ \t]+(?=[,.:;!?](?:\s|$))"
)
# Where one piece of an item's text ends and the next begins: a line break,
# or a space between Chinese characters or after a Chinese full stop, which
# Chinese text never has (a paragraph, a heading or a field joined there).
PIECE_BREAK = re.compile(rf"\n|(?<=[{CJK}])[ \t]+(?=[{CJK}])|(?<=[。！？])[ \t]+")
# Where an excerpt may begin or end: after full-width punctuation in Chinese
# text, at a space in Latin text.
HAN_CUT = re.compile(rf"(?<=[{CJK_PUNCTUATION}])")
LATIN_CUT = re.compile(r"(?<=\s)|(?=\s)")
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+")


def pattern(stems, strings):
    """A regex for the query's words: Latin stems with an ending of up to
    three letters (roadshow-s, meet-ings; not Lake-side), other strings (Han
    runs, corrections, synonyms) as they are, each Latin end at a boundary
    between Latin letters and anything else, Han included."""
    parts = [word(stem, ending=True) for stem in stems if stem]
    parts += [word(string) for string in strings if string]
    if not parts:
        return None
    return re.compile("|".join(sorted(parts, key=len, reverse=True)), re.I)


def word(text, ending=False):
    escaped = re.escape(text)
    if ending:
        # The stemmer writes a final y as i: economy → economi.
        escaped = re.sub(r"i$", "[iy]", escaped) + f"[{LATIN}]{{0,3}}"
    before = EDGE_BEFORE if re.match(f"[{LATIN}]", text) else ""
    after = EDGE_AFTER if ending or re.search(f"[{LATIN}]$", text) else ""
    return f"{before}{escaped}{after}"


def marked(text, words):
    """`text` escaped, the matches of `words` in <mark>, but none inside an
    e-mail or web address (meetings@hangzhou-mice… stays whole)."""
    if words is None:
        return escape(text)
    addresses = [a.span() for a in ADDRESS.finditer(text)]
    out, last = [], 0
    for match in words.finditer(text):
        if any(start <= match.start() < end for start, end in addresses):
            continue
        out += [escape(text[last : match.start()]), f"<mark>{escape(match[0])}</mark>"]
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece escaped above)


def title_and_other(title, other, words):
    """The title marked, in a `lang` span if its script is not the page's;
    and `other` (the title in the other language) marked beside it when only
    it has the query's words ("Tian Mei" found by 田梅), else ""."""
    shown = in_language(marked(title, words), written_in(title))
    if words is None or not other or words.search(title) or not words.search(other):
        return shown, ""
    return shown, format_html(
        '<span class="search-result__other" lang="{}">{}</span>',
        bcp47(written_in(other)),
        marked(other, words),
    )


def excerpt(text, words):
    """A window of the piece of `text` holding the first match, about 80 Han
    characters or 160 Latin ones, cut at punctuation or a space where one is
    near, … where cut; the start of the text when nothing matches."""
    text = SPACE_BY_PUNCTUATION.sub("", text or "").strip()
    match = words.search(text) if words is not None else None
    first, last = (match.start(), match.end()) if match else (0, 0)
    begin, end = piece(text, first)
    han = is_han(text, first, last if match else 20)
    length, slack, cut = (
        (HAN_EXCERPT, HAN_SLACK, HAN_CUT)
        if han
        else (LATIN_EXCERPT, LATIN_SLACK, LATIN_CUT)
    )
    start = max(begin, first - length // 3)
    stop = min(end, start + length)
    if start > begin:
        start = next(iter(cuts(cut, text, start, min(start + slack, first))), start)
    if stop < end:
        stop = (cuts(cut, text, max(stop - slack, last), stop) or [stop])[-1]
    window = text[start:stop].strip()
    prefix = "…" if start > begin else ""
    suffix = "…" if stop < end else ""
    return mark_safe(f"{prefix}{marked(window, words)}{suffix}")  # noqa: S308


def piece(text, at):
    """(start, end) of the piece of `text` around position `at`."""
    begin, end = 0, len(text)
    for found in PIECE_BREAK.finditer(text):
        if found.end() <= at:
            begin = found.end()
        elif found.start() >= at:
            end = found.start()
            break
    return begin, end


def is_han(text, start, end):
    """Whether the text at [start, end) reads as Chinese: it has Han, or more
    Han than Latin letters stand within ten characters of it."""
    if HAN.search(text, start, end):
        return True
    around = text[max(0, start - 10) : end + 10]
    han = sum(len(run) for run in HAN.findall(around))
    return han > len(re.findall(f"[{LATIN}]", around))


def cuts(cut, text, low, high):
    """The positions in [low, high] where an excerpt may begin or end."""
    return [found.start() for found in cut.finditer(text, low, high + 1)]
