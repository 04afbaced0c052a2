"""What every content type shares: timestamps, publishing, tags, images,
downloads and mentions."""

from .audit import AuditEntry
from .base import (
    Language,
    ReservedSlugValidator,
    TimeStampedModel,
    unique_regardless_of_case,
)
from .downloads import Download, DownloadFileField, DownloadKind
from .images import Image, RenditionStatus, UnguessableImageField
from .mentions import Mention
from .publishing import (
    PublishableModel,
    PublishableQuerySet,
    Review,
    ReviewedModel,
    Status,
)
from .search import SearchEntry, SearchWord, SynonymGroup
from .sitechange import ItemChange, SiteChange
from .snapshots import TagSnapshot
from .tags import Tag, TaggedItem

__all__ = [
    "AuditEntry",
    "Download",
    "DownloadFileField",
    "DownloadKind",
    "Image",
    "ItemChange",
    "Language",
    "Mention",
    "PublishableModel",
    "PublishableQuerySet",
    "RenditionStatus",
    "ReservedSlugValidator",
    "Review",
    "ReviewedModel",
    "SearchEntry",
    "SearchWord",
    "SynonymGroup",
    "SiteChange",
    "Status",
    "Tag",
    "TagSnapshot",
    "TaggedItem",
    "TimeStampedModel",
    "UnguessableImageField",
    "unique_regardless_of_case",
]
