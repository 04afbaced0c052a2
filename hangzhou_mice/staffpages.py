"""What a staff page outside the admin asks before it shows unpublished
content (a preview, say). The admin's own rules for such pages come from the
app that keeps them: the sign-in app adds its second-factor rule here in its
`ready()`, so the apps need not import it."""

_checks = []


def require(check):
    """Add `check(request)`: a response to send instead of the page, or None."""
    if check not in _checks:
        _checks.append(check)


def refusal(request):
    """The first response a check gives for this request, or None."""
    for check in _checks:
        if (response := check(request)) is not None:
            return response
    return None
