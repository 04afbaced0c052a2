"""The public participation summary as one sentence in the reader's language.

"60 associations and societies, 30 PCOs and 18 Hangzhou conference companies
and hotels." Each group is a whole message with its number (plural aware)
and its city, and the list is joined by translatable connectors, so Chinese
gets its own word order and punctuation.
"""

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def phrase(group, count, city):
    """One group as a phrase: ngettext needs literal messages to extract."""
    if city:
        return CITY_PHRASES[group](count)
    return PHRASES[group](count)


PHRASES = {
    "associations": lambda n: ngettext(
        "%(count)s association or society", "%(count)s associations and societies", n
    ),
    "pcos": lambda n: ngettext("%(count)s PCO", "%(count)s PCOs", n),
    "suppliers": lambda n: ngettext(
        "%(count)s conference company or hotel",
        "%(count)s conference companies and hotels",
        n,
    ),
    "universities": lambda n: ngettext(
        "%(count)s university or research institute",
        "%(count)s universities and research institutes",
        n,
    ),
    "government": lambda n: ngettext(
        "%(count)s government body", "%(count)s government bodies", n
    ),
    "media": lambda n: ngettext("%(count)s media outlet", "%(count)s media", n),
    "other": lambda n: ngettext(
        "%(count)s other organization", "%(count)s other organizations", n
    ),
}
CITY_PHRASES = {
    "associations": lambda n: ngettext(
        "%(count)s %(city)s association or society",
        "%(count)s %(city)s associations and societies",
        n,
    ),
    "pcos": lambda n: ngettext("%(count)s %(city)s PCO", "%(count)s %(city)s PCOs", n),
    "suppliers": lambda n: ngettext(
        "%(count)s %(city)s conference company or hotel",
        "%(count)s %(city)s conference companies and hotels",
        n,
    ),
    "universities": lambda n: ngettext(
        "%(count)s %(city)s university or research institute",
        "%(count)s %(city)s universities and research institutes",
        n,
    ),
    "government": lambda n: ngettext(
        "%(count)s %(city)s government body", "%(count)s %(city)s government bodies", n
    ),
    "media": lambda n: ngettext(
        "%(count)s %(city)s media outlet", "%(count)s %(city)s media", n
    ),
    "other": lambda n: ngettext(
        "%(count)s other organization from %(city)s",
        "%(count)s other organizations from %(city)s",
        n,
    ),
}


def participation_sentence(summary):
    """The summary [(group, count, city)] as one sentence of safe HTML."""
    parts = [
        mark_safe(  # noqa: S308  (our message, escaped; values escaped)
            conditional_escape(phrase(group, count, city))
            % {
                "count": format_html("<strong>{}</strong>", count),
                "city": conditional_escape(city),
            }
        )
        for group, count, city in summary
    ]
    if not parts:
        return ""
    groups = parts[0]
    if len(parts) > 1:
        separator = conditional_escape(_(", "))
        groups = mark_safe(  # noqa: S308  (joined from escaped parts)
            conditional_escape(_("%(items)s and %(last)s"))
            % {"items": mark_safe(separator.join(parts[:-1])), "last": parts[-1]}  # noqa: S308
        )
    return mark_safe(conditional_escape(_("%(groups)s.")) % {"groups": groups})  # noqa: S308
