"""The manifest, the archive's last member: versions, every table's row count
and the size and sha256 of every other member."""

import json
import platform
import shutil
import subprocess
import tomllib
from pathlib import Path

import django
from django.conf import settings

from .errors import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media"


def manifest_start(created, counts, server_version):
    return {
        "format": FORMAT,
        "created_at": created.isoformat(),
        "versions": versions() | {"postgresql": server_version},
        "database": {"file": DUMP, "tables": counts},
        "media": [],
    }


def versions():
    return {
        "app": app_version(),
        "git_commit": git_commit(),
        "django": django.get_version(),
        "python": platform.python_version(),
    }


def app_version():
    try:
        with open(Path(settings.BASE_DIR, "pyproject.toml"), "rb") as file:
            return tomllib.load(file)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None


def git_commit():
    git = shutil.which("git")
    if not git:
        return None
    result = subprocess.run(  # noqa: S603  (our arguments, no shell)
        [git, "-C", str(settings.BASE_DIR), "rev-parse", "--verify", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() if result.returncode == 0 else None


def manifest_parse(data):
    try:
        manifest = json.loads(data)
        readable = manifest["format"] == FORMAT
        readable &= isinstance(manifest["database"]["tables"], dict)
        readable &= {"size", "sha256"} <= manifest["database"].keys()
        for entry in manifest["media"]:
            readable &= {"path", "size", "sha256"} <= entry.keys()
    except (ValueError, KeyError, TypeError, AttributeError):
        readable = False
    if not readable:
        raise BackupError("The archive's manifest is not one this version can read.")
    return manifest


def manifest_check(manifest, found):
    """Refuse an archive whose members differ from what its manifest lists."""
    expected = {DUMP: manifest["database"]}
    expected |= {f"{MEDIA}/{entry['path']}": entry for entry in manifest["media"]}
    for name, entry in expected.items():
        if name not in found:
            raise BackupError(f"{name} is in the manifest but not in the archive.")
        if found[name] != {"size": entry["size"], "sha256": entry["sha256"]}:
            raise BackupError(
                f"{name} does not match its checksum in the manifest: the archive "
                "is damaged or was altered. Nothing was restored."
            )
    for name in sorted(found.keys() - expected.keys()):
        raise BackupError(f"{name} is in the archive but not in its manifest.")
