"""Files that hold personal data: rosters, exports, a person's data."""

import contextlib
import os
from pathlib import Path


@contextlib.contextmanager
def private_file(path, mode="wb", **open_kwargs):
    """Open `path` for writing so that only its owner may read it, and so
    that it appears there only once written whole.

    The data goes to `<path>.part` first (mode 0600 whatever the umask or an
    earlier file said, never through a symlink) and replaces `path` at the
    end; a failure leaves nothing behind.
    """
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
    descriptor = os.open(partial, flags, 0o600)
    try:
        with open(descriptor, mode, **open_kwargs) as stream:
            os.fchmod(stream.fileno(), 0o600)
            yield stream
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
