"""age encryption of archives: the recipient's public key, the identity
file's secret keys, and decrypting an archive as it is read."""

from pathlib import Path

import pyrage

from .errors import BackupError

AGE_HEADERS = (b"age-encryption.org/v1\n", b"-----BEGIN AGE ENCRYPTED FILE-----")


def recipient_parse(recipient):
    try:
        return pyrage.x25519.Recipient.from_str(recipient.strip())
    except pyrage.RecipientError:
        raise BackupError(
            "BACKUP_AGE_RECIPIENT is not an age X25519 public key (age1…)."
        ) from None


def identities_read(path: Path) -> list:
    """Read an age identity file: its AGE-SECRET-KEY-1… lines, comments aside."""
    try:
        lines = Path(path).read_text().splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise BackupError(f"Cannot read the identity file {path}: {error}") from None
    keys = [line.strip() for line in lines if line.strip()[:1] not in ("", "#")]
    try:
        identities = [pyrage.x25519.Identity.from_str(key) for key in keys]
    except pyrage.IdentityError:
        identities = []
    if not identities:
        raise BackupError(
            f"{path} is not an age identity file (AGE-SECRET-KEY-1… lines)."
        )
    return identities


def decrypter(path, source, identities):
    def decrypt(writer):
        try:
            pyrage.decrypt_io(source, writer, identities)
        except pyrage.DecryptError as error:
            raise BackupError(
                f"Cannot decrypt {path} ({error}): is the identity file the key "
                "of BACKUP_AGE_RECIPIENT, and the file an age archive?"
            ) from None
        except BrokenPipeError:
            raise
        except OSError as error:
            raise BackupError(
                f"Cannot decrypt {path}: it is truncated or damaged ({error})."
            ) from None

    return decrypt
