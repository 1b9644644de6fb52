"""A progress bar per source on a terminal; plain lines when the output is not one."""

from __future__ import annotations

import sys
from typing import TextIO

WIDTH = 24


class ProgressBar:
    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label = label
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()

    def step(self, what: str) -> None:
        self.done = min(self.done + 1, self.total)
        if not self.tty:
            return
        filled = round(WIDTH * self.done / self.total)
        self.stream.write(f"\r{self.label:<15} [{'█' * filled}{'·' * (WIDTH - filled)}] "
                          f"{self.done}/{self.total} {what[:30]:<30}")
        self.stream.flush()

    def finish(self, line: str) -> None:
        self.stream.write(("\r" if self.tty else "") + f"{self.label:<15} {line}".ljust(80) + "\n")
        self.stream.flush()
