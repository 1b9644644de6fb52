"""The bundled nginx configuration, run for real in front of the app: the headers it sends, what it refuses,
the upload size it lets through and the client address it passes on."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import NGINX, start_nginx

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (make test installs nginx-light)")


@pytest.fixture(scope="module")
def proxied(app_url, tmp_path_factory):
    """The bundled config with its ports pointed at the test's app and a free port of its own."""
    proc, url = start_nginx(app_url, tmp_path_factory.mktemp("nginx"))
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _get(url: str, data: bytes | None = None) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=20) as resp:
            return resp.status, dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers)


def test_nginx_sends_the_security_headers_and_frames_only_the_embed(proxied):
    status, headers = _get(f"{proxied}/")
    assert status == 200
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert headers.get("X-Frame-Options") == "SAMEORIGIN"
    _, embed = _get(f"{proxied}/embed")
    assert embed.get("Content-Security-Policy") == "frame-ancestors *" and embed.get("X-Content-Type-Options")
    assert _get(f"{proxied}/_stcore/metrics")[0] == 403


def test_nginx_lets_a_file_of_the_apps_size_through(proxied):
    status, _ = _get(f"{proxied}/_stcore/upload_file/x/y", data=b"x" * (11 * 1024 * 1024))
    assert status != 413  # nginx passes it on; the app answers for itself (and says 10 MB in words)
