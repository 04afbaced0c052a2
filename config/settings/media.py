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
