"""``time`` as the retry policy and the call limit see it (``kpis.sources.http.time``): a wait is noted, never
slept."""

from __future__ import annotations

import time


class Clock:
    def __init__(self) -> None:
        self.waits: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)

    def __getattr__(self, name: str):
        return getattr(time, name)
