"""Transport and browser policy: TLS, cookies, proxies, Content-Security-Policy."""

from django.utils.csp import CSP

from config.env import env

# Transport and browser policy. Production behind TLS sets the variables
# listed in the README ("Security"); `manage.py check --deploy` then passes.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# The request header a TLS-terminating proxy sets, e.g. X-Forwarded-Proto;
# unset, Django trusts no header to say the request was secure.
if proxy_ssl_header := env.str("SECURE_PROXY_SSL_HEADER", default=""):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + proxy_ssl_header.upper().replace("-", "_"),
        "https",
    )
# The client's address (login throttling, logs): REMOTE_ADDR, unless the
# site sits behind TRUSTED_PROXY_COUNT proxies that append to CLIENT_IP_HEADER
# (hangzhou_mice/clientip.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="X-Forwarded-For")

# Content-Security-Policy: public pages run no inline script or style; the
# admin's pages (its own templates, the prose editor) get ADMIN_CSP from
# signin/headers.py. CSP_REPORT_ONLY=1 reports instead of blocking.
_PUBLIC_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
ADMIN_CSP = _PUBLIC_CSP | {
    # The prose editor's import map carries the nonce (hangzhou_mice/admin/versions.py).
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
}
if env.bool("CSP_REPORT_ONLY", default=False):
    SECURE_CSP, SECURE_CSP_REPORT_ONLY = {}, _PUBLIC_CSP
else:
    SECURE_CSP, SECURE_CSP_REPORT_ONLY = _PUBLIC_CSP, {}
if csp_report_uri := env.str("CSP_REPORT_URI", default=""):
    for policy in (_PUBLIC_CSP, ADMIN_CSP):
        policy["report-uri"] = [csp_report_uri]
# Browser features no page of ours uses.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=()"
)
