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
        path = request.path_info
        language = translation.get_language_from_path(path)
        if language:
            return self.remember(request, language, self.get_response(request))
        if path != "/":
            english = f"/en{path}"
            if not self.serves(path) and self.serves(english, "en"):
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(
                    english + (f"?{query}" if query else "")
                )
        return self.get_response(request)

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
    def serves(path, language=None):
        """Whether some page answers at `path` (in `language`, if given)."""
        with translation.override(language):
            try:
                resolve(path)
            except Resolver404:
                return False
        return True
