"""The error pages, each in the language of the address it answers.

/en/… is English and /zh-hans/… Chinese; anywhere else (the admin, say) the
page takes the language LocaleMiddleware chose: the language cookie, else
the browser's preference.
"""

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token

# The language switch and hreflang of an error page lead to each language's
# home page: the address itself is what failed, in every language.
NOWHERE = {"translations": {}}


def language_of(request):
    """The address's language prefix, else the active language.

    Read from the path as a string: the 500 page may not rely on the
    catalogue or anything else that could be what failed.
    """
    codes = [code for code, _name in settings.LANGUAGES]
    prefix = request.path_info.split("/", 2)[1]
    if prefix in codes:
        return prefix
    active = translation.get_language()
    return active if active in codes else settings.LANGUAGE_CODE


def in_admin(request):
    return request.path_info.startswith(reverse("admin:index"))


@requires_csrf_token
def page_not_found(request, exception):
    with translation.override(language_of(request)):
        return render(request, "404.html", NOWHERE, status=404)


@requires_csrf_token
def permission_denied(request, exception):
    """The admin's 403 inside the admin's frame; the public site's otherwise."""
    with translation.override(language_of(request)):
        if in_admin(request):
            context = admin.site.each_context(request)
            return render(request, "admin/403.html", context, status=403)
        return render(request, "403.html", NOWHERE, status=403)


def server_error(request):
    """Static text in the address's language, rendered with no context
    processors: the database may be what failed."""
    context = {"language": language_of(request), "STATIC_URL": settings.STATIC_URL}
    body = loader.get_template("500.html").render(context)
    return HttpResponseServerError(body)
