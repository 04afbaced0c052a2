"""Distances and areas in the page's language: "400 m", "1.5 km", "30 公里"."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def distance(km):
    """Metres under 1 km; tenths of a km under 10 km, whole km beyond.

    A distance "30.0 km" away is 30 km: nobody measures the way to the
    airport to the hundred metres, and ".0" is only noise.
    """
    if km is None or km == "":
        return ""
    km = Decimal(km)
    if km < 1:
        metres = (km * 1000).quantize(Decimal(1), ROUND_HALF_UP)
        return gettext("%(metres)s m") % {"metres": metres}
    step = Decimal("0.1") if km < 10 else Decimal(1)
    # normalize() drops a trailing ".0"; below 10 it never writes an exponent.
    rounded = km.quantize(step, ROUND_HALF_UP).normalize()
    return gettext("%(km)s km") % {"km": f"{rounded:f}"}


@register.filter
def area(m2):
    """An area in square metres: "1580 m²", "1580 平方米"."""
    if m2 is None or m2 == "":
        return ""
    return gettext("%(m2)s m²") % {"m2": m2}
