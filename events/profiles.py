"""Public profiles of roster entries, kept by apps built on events.

An app that keeps a public page for some participants (the ambassadors)
registers, in its ready(), the path from a participant to its profile;
the event page loads those profiles with the guests and links each guest
to theirs. So events never imports the apps that build on it.
"""

from django.core.exceptions import ObjectDoesNotExist

_paths: list[str] = []


def register_profile(path: str) -> None:
    """Register a `select_related` path from Participant to a profile object.

    The profile has `is_public` and `get_absolute_url()`.
    """
    if path not in _paths:
        _paths.append(path)


def with_profiles(queryset):
    return queryset.select_related(*_paths)


def profile_of(participant):
    """The public profile of a participant, or None."""
    for path in _paths:
        target = participant
        try:
            for name in path.split("__"):
                target = getattr(target, name)
        except ObjectDoesNotExist:
            continue
        if target is not None and target.is_public:
            return target
    return None
