"""The items an article is about, each as its kind shows a link to it."""

from django import template

from hangzhou_mice import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def mention(context, item):
    """Render `item` with its kind's mention template (see the registry),
    the item in the context under its model's name and as `item`."""
    kind = registry.for_model(type(item))
    mention_template = context.template.engine.get_template(kind.mention_template)
    with context.push(**{kind.key: item, "item": item}):
        return mention_template.render(context)
