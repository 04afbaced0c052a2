from django import template

from hangzhou_mice import workflow

register = template.Library()


@register.simple_tag(takes_context=True)
def review_waiting(context):
    """How many items wait for a step the signed-in person may take."""
    user = context.get("user")
    if user is None or not user.is_authenticated or not user.is_staff:
        return 0
    return sum(count for _kind, _state, count in workflow.waiting(user))
