class UnicodeSlugConverter:
    """Match slugs made of Unicode word characters (会展, 杭州) as well as ASCII."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
