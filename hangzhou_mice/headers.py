"""Browser policy headers beyond Django's own: the admin's CSP and
Permissions-Policy.

Public pages get settings.SECURE_CSP (no inline script or style). The
admin's own templates and the prose editor set inline styles, so pages under
the admin get settings.ADMIN_CSP, which allows inline style and nothing
more. This middleware sits after ContentSecurityPolicyMiddleware, so it sees
the response first and leaves the policy for that middleware to write.
"""

from django.conf import settings
from django.urls import reverse


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        if request.path.startswith(self.admin_prefix):
            if settings.SECURE_CSP:
                response._csp_config = settings.ADMIN_CSP
            if settings.SECURE_CSP_REPORT_ONLY:
                response._csp_ro_config = settings.ADMIN_CSP
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
