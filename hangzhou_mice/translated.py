"""Per-language columns (django-modeltranslation) in queries it does not rewrite.

`title` on a registered model reads the page's language and falls back to
the other; querysets of registered models rewrite `title` to the active
language's column. A path through a relation from a model that is not
registered (a roster entry's `organization__name`) is not rewritten, and
would read the base column, which holds whatever language was active when
the row was last saved. `localized()` gives such paths the descriptor's
meaning in SQL.
"""

import re

from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, resolution_order


def translated_fields(model):
    """The names of `model`'s fields kept per language (none if unregistered)."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def localized(model, path):
    """`path` from `model` as the active language shows it: an expression, or
    the path itself when its field is not kept per language.

    The first non-empty value in the fallback order (the page's language,
    then the other), NULL when every language is empty.
    """
    *relations, name = path.split("__")
    target = model
    for relation in relations:
        target = target._meta.get_field(relation).related_model
    if name not in translated_fields(target):
        return path
    prefix = "".join(f"{relation}__" for relation in relations)
    # Each language's column is a class of its own: name the output type.
    field = target._meta.get_field(name)
    return Coalesce(
        *(
            NullIf(
                F(prefix + build_localized_fieldname(name, code)),
                Value(""),
                output_field=field,
            )
            for code in resolution_order(get_language() or "en")
        ),
        output_field=field,
    )


HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def written_in(text):
    """The site language a name from outside (a roster file) is written in:
    Chinese if it has Han characters, else English."""
    return "zh-hans" if HAN.search(text) else "en"


def language_column(name, code):
    """The per-language column of field `name`: ("title", "zh-hans") → title_zh_hans."""
    return build_localized_fieldname(name, code)
