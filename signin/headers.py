"""Browser policy headers beyond Django's own: the admin's CSP and
Permissions-Policy, on every response the site sends.

Public pages get settings.SECURE_CSP (no inline script or style). The
admin's own templates and the prose editor set inline styles, so pages under
the admin get settings.ADMIN_CSP, which allows inline style and nothing
more. This middleware sits after ContentSecurityPolicyMiddleware, so it sees
the response first and leaves the policy for that middleware to write; both
sit outermost (settings.MIDDLEWARE), so redirects, errors and static files
get them too.
"""

import functools

from django.conf import settings
from django.middleware.security import SecurityMiddleware
from django.urls import reverse


@functools.cache
def admin_prefix():
    """Where the admin's pages start ("/admin/"), looked up once."""
    return reverse("admin:index")


def is_admin_path(request):
    return request.path.startswith(admin_prefix())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # SecurityMiddleware's headers (nosniff, Referrer-Policy, …) for the
        # one response that escapes it: the 400 of a bad Host raised in its
        # own process_request, while redirecting to HTTPS.
        self.security = SecurityMiddleware(get_response)

    def __call__(self, request):
        response = self.get_response(request)
        if is_admin_path(request):
            if settings.SECURE_CSP:
                response._csp_config = settings.ADMIN_CSP
            if settings.SECURE_CSP_REPORT_ONLY:
                response._csp_ro_config = settings.ADMIN_CSP
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return self.security.process_response(request, response)
