"""One error type for everything that can go wrong while fetching, worded in Swedish and English."""

from __future__ import annotations

import requests


class FetchError(Exception):
    """A source could not be fetched, or what it sent cannot be trusted; nothing from it is written."""

    def __init__(self, sv: str, en: str) -> None:
        super().__init__(en)
        self.sv = sv
        self.en = en

    def text(self, lang: str = "sv") -> str:
        return self.sv if lang == "sv" else self.en


def from_exception(exc: Exception, what: str, timeout: float) -> FetchError:
    """Word a transport or parsing failure for the run log and the terminal."""
    if isinstance(exc, FetchError):
        return exc
    if isinstance(exc, requests.Timeout):
        return FetchError(f"{what}: inget svar inom {timeout:g} s (time-out)",
                          f"{what}: no answer within {timeout:g} s (time-out)")
    if isinstance(exc, requests.HTTPError):
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return FetchError(f"{what}: servern svarade med fel ({first})",
                          f"{what}: the server answered with an error ({first})")
    if isinstance(exc, (requests.exceptions.ChunkedEncodingError, requests.ConnectionError)):
        return FetchError(f"{what}: förbindelsen bröts innan svaret var komplett",
                          f"{what}: the connection broke before the answer was complete")
    if isinstance(exc, (ValueError, KeyError, TypeError, IndexError)):
        return FetchError(f"{what}: svaret gick inte att läsa (avkortat eller i fel format: {exc})",
                          f"{what}: the answer could not be read (cut off or in the wrong format: {exc})")
    return FetchError(f"{what}: oväntat fel ({type(exc).__name__}: {exc})",
                      f"{what}: unexpected error ({type(exc).__name__}: {exc})")
