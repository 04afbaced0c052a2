"""Languages, time zone, and the per-language columns (django-modeltranslation)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.env import BASE_DIR

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
# Our catalogues (.po committed, .mo built by the make targets). An earlier
# entry wins over a later one, and both over the installed packages' own.
# makemessages writes only to the first: locale_overrides/ holds, by hand,
# Chinese for Django's, django-otp's and django-reversion's messages that
# ship without it or read badly.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
# Our own English date formats; Chinese uses Django's (2019年11月20日).
FORMAT_MODULE_PATH = ["hangzhou_mice.formats"]


def localized_verbose_name(verbose_name, language):
    """A per-language field's label: "title (English)", "标题（简体中文）"."""
    return format_lazy(
        pgettext_lazy("a field in one language", "{field} ({language})"),
        field=verbose_name,
        language=dict(LANGUAGES)[language],
    )


# Events, venues, ambassadors and organizations keep their names and texts
# in per-language columns (title_en, title_zh_hans); a field left empty in
# one language shows the other's (see the README, "Languages").
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "zh-hans")}
# Slugs stay Latin: the admin fills them from the English title.
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"
MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = localized_verbose_name
# The language last chosen with the switch, for the next visit to "/": a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
