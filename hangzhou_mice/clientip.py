"""The client's address, as the site's own proxies report it.

With no trusted proxy (TRUSTED_PROXY_COUNT = 0) the address is the
connection's, REMOTE_ADDR. Behind N proxies that each append the address
they received the request from to CLIENT_IP_HEADER (X-Forwarded-For), the
client is the N-th entry from the right: entries further left were written
by the client itself and prove nothing.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
    entries = [e.strip() for e in request.META.get(key, "").split(",") if e.strip()]
    if not entries:
        return remote
    # Fewer entries than proxies: the first proxy saw the client directly.
    candidate = entries[-count] if len(entries) >= count else entries[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
