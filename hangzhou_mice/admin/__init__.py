"""Admin for what all apps share: tags, images, downloads, versioned content.

Importing the package registers every admin of the shared layer.
"""

from . import site  # noqa: F401  (the site's titles)
from .audit import AuditEntryAdmin
from .downloads import DownloadAdmin, DownloadForm
from .images import ImageAddForm, ImageAdmin, ImageUploadField
from .mentions import MentionsAdmin, MentionsForm
from .readonly import ReadOnlyAdminMixin
from .review import ReviewedAdmin
from .synonyms import SynonymGroupAdmin
from .tags import TagAdmin, TagFilter, TagMergeForm
from .versions import VersionedTaggedAdmin, text_for_diff, unsaved_tags

__all__ = [
    "AuditEntryAdmin",
    "DownloadAdmin",
    "DownloadForm",
    "ImageAddForm",
    "ImageAdmin",
    "ImageUploadField",
    "MentionsAdmin",
    "MentionsForm",
    "ReadOnlyAdminMixin",
    "ReviewedAdmin",
    "SynonymGroupAdmin",
    "TagAdmin",
    "TagFilter",
    "TagMergeForm",
    "VersionedTaggedAdmin",
    "text_for_diff",
    "unsaved_tags",
]
