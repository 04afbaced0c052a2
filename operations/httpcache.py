"""HTTP caching and compression of public responses.

A public page is the same for every visitor, so browsers, proxies and CDNs
may keep it for PUBLIC_MAX_AGE seconds and then revalidate it:
ConditionalGetMiddleware hashes the body of every GET response into an ETag
(cached pages included: nothing sets one before it) and answers a matching
If-None-Match, or the feed's If-Modified-Since, with 304. It leaves HEAD
alone, so a HEAD response carries no ETag and is never a 304. A
response that read the session (a signed-in user, a staff preview, a form
with a CSRF token) is private instead, and is never compressed: compressing
a secret beside text an attacker chooses leaks it (BREACH). Admin pages are
never_cache and read the session, so they are neither.
"""

from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control

PUBLIC_MAX_AGE = 60


def is_personal(request):
    """Whether the response may depend on who asked: the view read the
    session (a signed-in user, messages) or put a CSRF token in a form."""
    session = getattr(request, "session", None)
    if session is not None and session.accessed:
        return True
    return "CSRF_COOKIE_NEEDS_UPDATE" in request.META


class CacheControlMiddleware:
    """Public or private, for GET responses that did not say themselves.

    Outside every middleware that may set a cookie (sessions, CSRF, the
    language remembered for `/`), so it sees the response as it leaves: one
    that sets a cookie is kept by the browser alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or "Cache-Control" in response:
            return response
        if is_personal(request) or response.cookies:
            patch_cache_control(response, private=True, no_cache=True)
        elif response.status_code in (200, 304, 404):
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response


class PublicGZipMiddleware(GZipMiddleware):
    """Django's gzip, for whole text responses that hold no secret.

    Files (images, exports) are streamed whole or in byte ranges and are
    compressed already or must not be: a gzipped 206 would contradict its
    Content-Range.
    """

    TEXT = ("text/", "application/json", "application/xml", "application/rss")

    def process_response(self, request, response):
        private = "private" in response.get("Cache-Control", "")
        text = response.get("Content-Type", "").startswith(self.TEXT)
        if private or is_personal(request) or response.streaming or not text:
            return response
        return super().process_response(request, response)
