"""One error type for everything that can go wrong while fetching, worded in Swedish and English."""

from __future__ import annotations

import json

import requests

from kpis.core.problems import Problem, ProblemError
from kpis.sources.http import TooLarge


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
    if isinstance(exc, TooLarge):
        return FetchError("fetch_too_large", what=what, megabytes=f"{exc.limit / 1024 / 1024:g}")
    if isinstance(exc, requests.Timeout):
        return FetchError("fetch_timeout", what=what, seconds=f"{timeout:g}")
    if isinstance(exc, requests.HTTPError):  # the status and the address asked, never requests' own sentence
        response = exc.response
        status = f"HTTP {response.status_code}" if response is not None else "HTTP"
        url = str(response.url).split("?")[0] if response is not None and response.url else ""
        return FetchError("fetch_http_error", what=what, error=f"{status} {url}".strip())
    if isinstance(exc, (requests.exceptions.ChunkedEncodingError, requests.ConnectionError)):
        return FetchError("fetch_connection", what=what)
    # Words, not Python: an exception's class or message never reaches the run's message.
    if isinstance(exc, (json.JSONDecodeError, UnicodeDecodeError)):
        return FetchError("fetch_not_json", what=what)
    if isinstance(exc, (ValueError, KeyError, TypeError, IndexError, AttributeError)):
        return FetchError("fetch_unreadable", what=what)
    return FetchError("fetch_unexpected", what=what)
