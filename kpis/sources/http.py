"""HTTP plumbing shared by the fetchers: a default time-out, a call counter, a read limit and the one retry
policy (urllib3's ``Retry`` on 429, ``Retry-After`` honoured up to a minute), mounted on every source's session."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from kpis.core import settings

DEFAULT_TIMEOUT = 30.0
MAX_RETRY_AFTER = 60.0
MAX_BYTES = 64 * 1024 * 1024  # an answer larger than this is refused while it is read (a fetcher may ask less)
CHUNK = 64 * 1024


class TooLarge(Exception):  # noqa: N818 - reads as a sentence: raise TooLarge(limit)
    """An answer grew past what was asked for; reading stopped there."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def user_agent() -> str:
    """Who is asking, as the catalog's ``[site]`` names the panel and its publisher (in Latin-1, as HTTP needs)."""
    from kpis.core.catalog import load_catalog

    site = load_catalog().site
    said = f"{site.panel}/1.0 ({site.publisher['sv']}; +{site.home_page})"
    return said.encode("latin-1", "replace").decode("latin-1")


def timeout_seconds() -> float:
    """``TILLVAXT_HTTP_TIMEOUT`` (seconds) or 30."""
    return settings.http_timeout(DEFAULT_TIMEOUT)


class PoliteRetry(Retry):
    """urllib3's retry on 429 (any method: the server did not act on it), waiting as long as ``Retry-After`` asks
    (a number or an HTTP date), at most :data:`MAX_RETRY_AFTER`; the wait goes through this module's ``time``."""

    def get_retry_after(self, response: Any) -> float | None:
        return retry_after(response) if "Retry-After" in response.headers else None

    def sleep(self, response: Any = None) -> None:
        wait = self.get_retry_after(response) if response is not None else None
        wait = wait if wait is not None else self.get_backoff_time()
        if wait > 0:
            time.sleep(wait)


RETRIES = 3


def retry_policy() -> PoliteRetry:
    """Three retries on 429, none on anything else (a read time-out raised as itself, said as a time-out); the last
    429 is returned (and raised by the caller)."""
    return PoliteRetry(total=RETRIES, connect=0, read=False, redirect=0, other=0, status=RETRIES,
                       status_forcelist=frozenset({429}), allowed_methods=None, backoff_factor=0.0,
                       respect_retry_after_header=True, raise_on_status=False)


class CountingAdapter(HTTPAdapter):
    """Retries politely (:func:`retry_policy`), counts every request sent (retries too), gives each one a time-out
    when the caller gave none, and reads no answer past ``max_bytes`` (the body is read here, in chunks, and
    refused at the limit: a page of a million rows costs a few megabytes, not gigabytes)."""

    def __init__(self, timeout: float, max_bytes: int = MAX_BYTES) -> None:
        super().__init__(max_retries=retry_policy())
        self.timeout = timeout
        self.calls = 0
        self.max_bytes = max_bytes

    def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:  # type: ignore[override]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        try:
            response = super().send(request, **kwargs)  # type: ignore[arg-type]
        except Exception:
            self.calls += 1
            raise
        retries = getattr(response.raw, "retries", None)
        self.calls += 1 + (len(retries.history) if retries is not None else 0)
        if not kwargs.get("stream"):
            _read_bounded(response, self.max_bytes)
        return response


def _read_bounded(response: requests.Response, limit: int) -> None:
    """The body, read now in chunks and kept as the response's content; ``TooLarge`` past ``limit`` bytes."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        response.close()
        raise TooLarge(limit)
    body = bytearray()
    for chunk in response.iter_content(CHUNK):
        body += chunk
        if len(body) > limit:
            response.close()
            raise TooLarge(limit)
    response._content = bytes(body)  # what requests itself sets when it reads a body


def mount_counter(session: requests.Session, timeout: float) -> CountingAdapter:
    adapter = CountingAdapter(timeout)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent()
    return adapter


def retry_after(response: Any) -> float:
    """Seconds to wait as the server asked (number or HTTP date), at most a minute."""
    raw = response.headers.get("Retry-After", "1")
    try:
        wait = float(raw)
    except ValueError:
        try:
            wait = parsedate_to_datetime(raw).timestamp() - time.time()
        except (TypeError, ValueError):
            wait = 1.0
    return max(0.0, min(wait, MAX_RETRY_AFTER))


def get(session: requests.Session, url: str, params: dict[str, str] | None = None) -> requests.Response:
    """GET through the session's adapter (its retries on 429); an error status raises ``HTTPError``."""
    response = session.get(url, params=params)
    response.raise_for_status()
    return response
