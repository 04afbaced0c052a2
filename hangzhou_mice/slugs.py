"""Short Latin slugs made from titles in any of the site's languages.

Chinese becomes toneless pinyin, a syllable a word (杭州会展 → hang-zhou-hui-zhan):
an address stays readable, typeable and short once percent-encoded Han
characters would have made it three times as long.
"""

from collections.abc import Callable

from django.utils.text import slugify

MAX_LENGTH = 60


def shorten(slug: str, max_length: int = MAX_LENGTH) -> str:
    """Cut `slug` to `max_length` characters at a hyphen, if there is one."""
    if len(slug) <= max_length:
        return slug
    return slug[: max_length + 1].rpartition("-")[0] or slug[:max_length]


def pinyin(text: str) -> str:
    """Return `text` with each Han character in toneless pinyin, spaced."""
    return " ".join(syllables(text))


def syllables(text: str) -> list[str]:
    """Toneless pinyin, a syllable an item; runs without Han characters
    ("MICE", "2026") stay whole.

    pypinyin's dictionaries take about 50 MB: imported on first use, so a
    process that only serves pages never loads them."""
    from pypinyin import lazy_pinyin

    return lazy_pinyin(text)


def latin_slug(text: str, *, max_length: int = MAX_LENGTH) -> str:
    """Return `text` lower-case, hyphenated, in ASCII: Han characters in pinyin.

    Empty when nothing in `text` has a Latin form (emoji, punctuation).
    """
    return shorten(slugify(pinyin(text)), max_length)


def unique_slug(
    base: str, *, taken: Callable[[str], bool], max_length: int = MAX_LENGTH
) -> str:
    """Return `base`, or else the first of `base-2`, `base-3`… not `taken`."""
    candidate, number = base, 1
    while taken(candidate):
        number += 1
        suffix = f"-{number}"
        candidate = shorten(base, max_length - len(suffix)) + suffix
    return candidate


def slug_for(
    text: str,
    *,
    taken: Callable[[str], bool],
    fallback: str,
    max_length: int = MAX_LENGTH,
) -> str:
    """A free Latin slug for `text`, or for `fallback` where `text` has none."""
    base = latin_slug(text, max_length=max_length) or fallback
    return unique_slug(base, taken=taken, max_length=max_length)
