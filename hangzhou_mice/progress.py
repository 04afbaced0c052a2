"""A one-line progress bar for long management commands."""

import time


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, stream, label, total):
        self.stream, self.label, self.total = stream, label, max(total, 1)
        self.started = time.monotonic()
        self.shown = -1

    def update(self, done):
        percent = done * 100 // self.total
        if percent != self.shown:
            self.shown = percent
            bar = "#" * (percent // 4)
            self.stream.write(
                f"\r{self.label:<14} [{bar:<25}] {percent:3d}%", ending=""
            )
            self.stream.flush()

    def close(self):
        self.update(self.total)
        self.stream.write(f"  {time.monotonic() - self.started:.1f} s")
