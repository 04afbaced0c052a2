"""Links shared before the site had languages keep working."""

from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils import translation


class UnprefixedRedirectMiddleware:
    """Answer an old address without a language prefix with a 301 to English.

    `/` itself is left to LocaleMiddleware, which sends the visitor to the
    language they last chose with the language switch (the language cookie,
    website.views.choose_language), else to their browser's preference.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path_info
        # Only a page nobody serves unprefixed is looked up in English, so the
        # admin, /healthz and the rest pay nothing for this.
        if (
            response.status_code == 404
            and path != "/"
            and not translation.get_language_from_path(path)
            and self.in_english(path)
        ):
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                f"/en{path}" + (f"?{query}" if query else "")
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
