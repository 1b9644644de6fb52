"""One writer at a time: an exclusive lock file beside the store, held while a new store is written."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kpis.core import settings
from kpis.core.problems import Problem, ProblemError


class LockTimeout(ProblemError):  # noqa: N818 - reads as a sentence: raise LockTimeout(...)
    """Another writer held the store for longer than the time-out; nothing was written."""


def lock_timeout() -> float:
    """Seconds a writer waits for another one (``TILLVAXT_LOCK_TIMEOUT``, default 120)."""
    return settings.lock_timeout()


@contextmanager
def writer_lock(db: Path, timeout: float | None = None) -> Iterator[None]:
    """Wait until no other refresh, import or edit is writing ``db``; readers are never blocked.

    Gives up with :class:`LockTimeout` after ``timeout`` seconds instead of waiting forever.
    """
    db.parent.mkdir(parents=True, exist_ok=True)
    wait = lock_timeout() if timeout is None else timeout
    deadline = time.monotonic() + wait
    with open(db.with_name(f".{db.name}.lock"), "a+") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout([Problem("lock_timeout", {"seconds": f"{wait:g}"})]) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
