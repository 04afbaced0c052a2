"""Static files, uploads, and the limits of images and downloads."""

from pathlib import Path

from config.env import BASE_DIR, env

from .base import DEBUG

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "hangzhou_mice.storage.CleanFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Media in object storage through the S3 API (django-storages) when
# MEDIA_BUCKET names a bucket, so that every app server stores and links the
# same files; on this machine's disk under MEDIA_ROOT otherwise. README,
# "Object storage", has the settings for AWS S3 and Alibaba Cloud OSS.
MEDIA_BUCKET = env.str("MEDIA_BUCKET", default="")
# How long a browser or CDN may keep a media file, from either storage. Not
# `immutable`: new names are random and never reused, but images stored
# before them keep their upload's name (manage.py rename_image_files), which
# a later upload of the same name could take once the image is deleted.
MEDIA_CACHE_CONTROL = "public, max-age=86400"


def object_storage(bucket, **options):
    """django-storages' S3 options for `bucket`, from the S3_* variables."""
    return {
        "bucket_name": bucket,
        # Empty: AWS, its endpoint found from the region.
        "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("S3_REGION", default="") or None,
        # Empty: boto3's own chain (an instance role, ~/.aws, AWS_* variables).
        "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
        # "virtual" (bucket.endpoint/name: Alibaba Cloud OSS requires it) or
        # "path" (endpoint/bucket/name: MinIO, moto); empty lets boto3 choose.
        "addressing_style": env.str("S3_ADDRESSING_STYLE", default="") or None,
        "signature_version": "s3v4",
        # Names are the site's own (random for what is not public yet) and
        # never overwritten: a clash gets a suffix, as on disk.
        "file_overwrite": False,
        # Who may read is the bucket's policy, never a per-object ACL.
        "default_acl": None,
        **options,
    }


def media_storage(bucket):
    """The STORAGES entry for media in `bucket`."""
    return {
        "BACKEND": "hangzhou_mice.objectstorage.MediaStorage",
        "OPTIONS": object_storage(
            bucket,
            # Public media: plain links, through a CDN's domain if one is set.
            querystring_auth=False,
            custom_domain=env.str("MEDIA_CDN_DOMAIN", default="") or None,
            object_parameters={"CacheControl": MEDIA_CACHE_CONTROL},
        ),
    }


if MEDIA_BUCKET:
    STORAGES["default"] = media_storage(MEDIA_BUCKET)

# Files with personal data that must reach every app server, in a bucket
# nobody reads without a signed link: background roster exports
# (events/models/export_jobs.py; on this machine, in ROSTER_EXPORT_DIR,
# without one) and archives of `backup --to-bucket`. An export's link is
# made when its download is clicked, after the permission check, and lasts
# PRIVATE_LINK_SECONDS.
PRIVATE_BUCKET = env.str("PRIVATE_BUCKET", default="")
PRIVATE_LINK_SECONDS = env.int("PRIVATE_LINK_SECONDS", default=60)


def private_storage(bucket):
    """The STORAGES entry for private files in `bucket`."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": object_storage(
            bucket,
            querystring_auth=True,
            querystring_expire=PRIVATE_LINK_SECONDS,
            # Names are tokens the site chose: the one written is the one kept.
            file_overwrite=True,
            object_parameters={"ServerSideEncryption": "AES256"},
        ),
    }


if PRIVATE_BUCKET:
    STORAGES["private"] = private_storage(PRIVATE_BUCKET)

# The image pipeline (hangzhou_mice/images.py).
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
# Memory decoding an upload may take (images.decoded_bytes): 4 bytes a
# pixel for RGB(A), four times that for WebP; larger images are refused.
IMAGE_MAX_DECODED_BYTES = env.int("IMAGE_MAX_DECODED_BYTES", default=128 * 1024**2)
# The shape of an upload (images.check_longer_side, check_aspect_ratio),
# refused before decoding: Pillow keeps a pointer and a padded buffer a
# row, so a 1 × 40,000,000 line took 350 MB. 20,000 px holds an 8 : 1
# panorama at the pixel limit; 12 : 1 holds a 970 × 90 banner (10.8 : 1)
# and a phone's 360° panorama.
IMAGE_MAX_SIDE_PIXELS = env.int("IMAGE_MAX_SIDE_PIXELS", default=20_000)
IMAGE_MAX_ASPECT_RATIO = env.int("IMAGE_MAX_ASPECT_RATIO", default=12)
# What a PNG text or colour-profile chunk may unpack to, all text chunks
# together, and a colour profile in any format (Pillow's MAX_TEXT_CHUNK
# and MAX_TEXT_MEMORY, whose 64 MiB of text would double a worker's peak).
# Standard profiles (sRGB, Display P3) take a few KB.
IMAGE_MAX_METADATA_BYTES = env.int("IMAGE_MAX_METADATA_BYTES", default=1024**2)

# Documents planners download (hangzhou_mice/downloads.py): PDF, XLSX and
# ZIPs of images; a ZIP may unpack to at most four times this.
DOWNLOAD_MAX_UPLOAD_BYTES = env.int(
    "DOWNLOAD_MAX_UPLOAD_BYTES", default=50 * 1024 * 1024
)
