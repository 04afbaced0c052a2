"""Links shared before the site had languages keep working."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils import translation


class UnprefixedRedirectMiddleware:
    """Answer an old address without a language prefix with a 301 to English.

    `/` itself is left to LocaleMiddleware, which sends the visitor to the
    language of the pages they last read (the language cookie, set here),
    else to their browser's preference.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path_info
        language = translation.get_language_from_path(path)
        if language:
            if response.get("Content-Type", "").startswith("text/html"):
                return self.remember(request, language, response)
            # A feed or calendar file is read by an app, not a person
            # choosing a language; caches may share it.
            return response
        # Only a page nobody serves unprefixed is looked up in English, so the
        # admin, /healthz and the rest pay nothing for this.
        if response.status_code == 404 and path != "/" and self.in_english(path):
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                f"/en{path}" + (f"?{query}" if query else "")
            )
        return response

    @staticmethod
    def remember(request, language, response):
        """Keep the language of the page read, for the next visit to `/`."""
        cookie = settings.LANGUAGE_COOKIE_NAME
        if request.COOKIES.get(cookie) != language:
            response.set_cookie(
                cookie,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        return response

    @staticmethod
    def in_english(path):
        """Whether an English page answers at /en<path>."""
        with translation.override("en"):
            try:
                resolve(f"/en{path}")
            except Resolver404:
                return False
        return True
