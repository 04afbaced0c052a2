"""The admin site's titles, and taggit's unused Tag table kept out of it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag as TaggitTag

admin.site.site_header = _("Hangzhou MICE administration")
admin.site.site_title = _("Hangzhou MICE")
admin.site.index_title = _("Content and events")
# The project tags with hangzhou_mice.Tag; taggit's own table stays unused.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)
