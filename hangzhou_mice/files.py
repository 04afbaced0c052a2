"""Files that hold personal data: rosters, exports, a person's data, backups."""

import contextlib
import errno
import os
from pathlib import Path


@contextlib.contextmanager
def atomic_private_file(path, mode="wb", *, exclusive=False, **open_kwargs):
    """Open `path` for writing so that only its owner may read it, and so
    that it appears there only once written whole.

    The data goes to `<path>.part` first (mode 0600 whatever the umask or an
    earlier file said, never through a symlink) and replaces `path` at the
    end; a failure leaves nothing behind. `exclusive` refuses, with
    FileExistsError, a `path` or `<path>.part` that exists already instead of
    replacing it (a backup never overwrites one).
    """
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    if exclusive and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW
    flags |= os.O_EXCL if exclusive else os.O_TRUNC
    descriptor = os.open(partial, flags, 0o600)
    try:
        with open(descriptor, mode, **open_kwargs) as stream:
            os.fchmod(stream.fileno(), 0o600)
            yield stream
            # On disk before the name says it is whole, power cut or not.
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
