"""One error type for everything that can go wrong while fetching, worded in Swedish and English."""

from __future__ import annotations

import requests

from kpis.core.problems import Problem, ProblemError


class FetchError(ProblemError):
    """A source could not be fetched, or what it sent cannot be trusted; nothing from it is written."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__([Problem(key, params)])

    @property
    def sv(self) -> str:
        return self.text("sv")

    @property
    def en(self) -> str:
        return self.text("en")


def from_exception(exc: Exception, what: str, timeout: float) -> FetchError:
    """Word a transport or parsing failure for the run log and the terminal."""
    if isinstance(exc, FetchError):
        return exc
    if isinstance(exc, requests.Timeout):
        return FetchError("fetch_timeout", what=what, seconds=f"{timeout:g}")
    if isinstance(exc, requests.HTTPError):
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return FetchError("fetch_http_error", what=what, error=first)
    if isinstance(exc, (requests.exceptions.ChunkedEncodingError, requests.ConnectionError)):
        return FetchError("fetch_connection", what=what)
    if isinstance(exc, (ValueError, KeyError, TypeError, IndexError)):
        return FetchError("fetch_unreadable", what=what, error=str(exc))
    return FetchError("fetch_unexpected", what=what, error=f"{type(exc).__name__}: {exc}")
