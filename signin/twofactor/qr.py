"""The authenticator app's setup code, as a QR image and as typed text."""

from base64 import b32encode

import segno
from django.utils.safestring import mark_safe


def qr_code(device):
    """The app's setup link as inline SVG (no script, no request for an image)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, light="#fff")
    return mark_safe(svg)  # noqa: S308  (segno's markup of our own link)


def spaced_secret(device):
    """The key in base32, in groups of four, for typing into the app."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
