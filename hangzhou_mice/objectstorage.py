"""Media in a bucket, through the S3 API (MEDIA_BUCKET; config/settings/media.py).

Imported only when a bucket is configured: boto3 takes a while to load.
"""

from pathlib import PurePosixPath

from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

DOWNLOADS = "downloads/"


class MediaStorage(S3Storage):
    """The site's media in a bucket, linked straight there (or at a CDN).

    A download is stored to go out as an attachment under its own name, as
    the media view sends it from disk (operations/media.py); the bucket
    cannot add that view's sandbox policy, which the CDN's response headers
    can (README, "Object storage")."""

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        if name.startswith(DOWNLOADS):
            parameters["ContentDisposition"] = content_disposition_header(
                as_attachment=True, filename=PurePosixPath(name).name
            )
        return parameters
