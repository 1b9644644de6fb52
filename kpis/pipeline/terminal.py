"""A progress bar per source on a terminal; plain lines when the output is not one."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from kpis.core.i18n import t
from kpis.store.files import db_path, is_store

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


def existing_store(db: str | None, lang: str) -> Path | None:
    """The store a command works on; None after saying on stderr that there is none and how to build it."""
    path = db_path(db)
    if is_store(path):
        return path
    print(t("store_missing", lang, path=path), file=sys.stderr)
    return None
