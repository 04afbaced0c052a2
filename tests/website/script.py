"""Which text of a page is in which script, and which language marks it.

A Chinese page may show Latin letters only inside an element marked with a
Latin-script language (a person's name, a typed value), and an English page
Han characters only inside `lang="zh-Hans"`. `foreign_text` lists what breaks
that rule: visible text, and the attributes a reader sees or hears (alt,
title, placeholder, aria-label, a button's value, the page's description
and what a share of it shows).
"""

import re
from html.parser import HTMLParser

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’.+&-]*")
# Addresses and handles are not words of any language.
ADDRESS = re.compile(
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+|https?://\S+|www\.\S+|\b[\w-]+\.(com|cn|org)\b"
)
# What Chinese text itself writes in Latin letters: trade acronyms (ICCA,
# PCO, MICE), the roadshow's brand (杭州PLUS), names of events such as G20,
# file formats and standards (CSV, PDF, Excel, RSS, iCalendar, Cookie, KB),
# the ICP of a filing number, an airport's code (HGH); and a capital letter
# alone, which Chinese uses as a label (A厅, B座) and to index names by their
# pinyin.
CHINESE_PAGE_ALLOWS = {
    "CSV", "Cookie", "DMC", "Excel", "G20", "GB", "HGH", "ICCA", "ICP", "KB",
    "MB", "MICE", "PCO", "PDF", "PLUS", "RSS", "XLSX", "ZIP", "iCalendar",
}  # fmt: skip
LABEL = re.compile(r"[A-Z]")
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip
UNSEEN = {"script", "style", "template"}
SEEN_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")
# What a link shared on WeChat or elsewhere shows of the page.
SHARED = {"description", "og:title", "og:description", "og:image:alt"}


class ScriptWalker(HTMLParser):
    """Collect (text, language in force) for everything a reader perceives."""

    def __init__(self, page_language):
        super().__init__(convert_charrefs=True)
        self.stack = [(None, page_language)]
        self.pieces = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        language = attrs.get("lang", self.stack[-1][1])
        if tag == "html":
            self.stack[0] = (None, language)
        for name in SEEN_ATTRIBUTES:
            if attrs.get(name):
                self.pieces.append((attrs[name], language, f"{tag}[{name}]"))
        if tag == "meta" and attrs.get("property", attrs.get("name")) in SHARED:
            self.pieces.append((attrs.get("content") or "", language, "meta"))
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self.pieces.append((attrs.get("value") or "", language, "input[value]"))
        if tag not in VOID:
            self.stack.append((tag, language))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if any(tag in UNSEEN for tag, _language in self.stack):
            return
        if data.strip():
            self.pieces.append((data, self.stack[-1][1], self.stack[-1][0]))


def foreign_text(html, page_language):
    """The snippets of a page written in the other script without a `lang`."""
    walker = ScriptWalker(page_language)
    walker.feed(html)
    return [
        (where, text.strip())
        for text, language, where in walker.pieces
        if is_foreign(text, (language or "").lower())
    ]


def is_foreign(text, language):
    if language.startswith("zh"):
        words = LATIN_WORD.findall(ADDRESS.sub(" ", text))
        return any(
            word not in CHINESE_PAGE_ALLOWS and not LABEL.fullmatch(word)
            for word in (word.rstrip(".") for word in words)
        )
    return bool(HAN.search(text))
