from django.urls import register_converter


class UnicodeSlugConverter:
    """Match slugs made of Unicode word characters (会展, 杭州) as well as ASCII."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


# Importing this module makes <uslug:...> available to every URLconf.
register_converter(UnicodeSlugConverter, "uslug")
