import os

from django.core.files.storage import FileSystemStorage


class CleanFileSystemStorage(FileSystemStorage):
    """File storage that leaves no partly written file when a write fails."""

    def _save(self, name, content):
        path = self.path(name)
        existed = os.path.exists(path)
        try:
            return super()._save(name, content)
        except BaseException:
            if not existed and os.path.exists(path):
                os.remove(path)
            raise
