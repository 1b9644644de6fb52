"""A real app server (`streamlit run`) and a real headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import PROJECT_DIR

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    """Debian's chromium where there is one; otherwise Playwright's own browser."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(db: Path, extra_env: dict[str, str] | None = None,
              extra_args: list[str] | None = None, port: int | None = None) -> tuple[subprocess.Popen, str]:
    port = port or free_port()
    env = {**os.environ, "TILLVAXT_DB": str(db), **(extra_env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--global.developmentMode", "false", *(extra_args or [])],
        cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.read() == b"ok":
                    return proc, url
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    proc.kill()
    output = proc.stdout.read().decode() if proc.stdout else ""
    raise RuntimeError(f"the app did not start:\n{output}")


NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if shutil.which("/usr/sbin/nginx") else None)


def start_nginx(app_url: str, folder: Path, port: int | None = None) -> tuple[subprocess.Popen, str]:
    """The bundled nginx config (deploy/nginx.conf) in front of the app at ``app_url``, on a port of its own."""
    port, app_port = port or free_port(), app_url.rsplit(":", 1)[1]
    config = (PROJECT_DIR / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    config = (config.replace("listen 8080;", f"listen 127.0.0.1:{port};")
              .replace("server 127.0.0.1:8501;", f"server 127.0.0.1:{app_port};")
              .replace("server 127.0.0.1:8502;", "")
              .replace("/tmp/tillvaxtpanelen-nginx", str(folder / "nginx")))  # noqa: S108 - the config's own paths, moved
    (folder / "nginx.conf").write_text(config, encoding="utf-8")
    assert NGINX is not None
    proc = subprocess.Popen([NGINX, "-c", str(folder / "nginx.conf"), "-g", "daemon off;", "-e",
                             str(folder / "error.log")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(50):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read()
            break
        except OSError:
            time.sleep(0.1)
    return proc, url


@pytest.fixture(scope="session")
def app_url(seeded_db) -> Iterator[str]:
    proc, url = start_app(seeded_db)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


def wait_for_app(page: Page, timeout: int = 30_000) -> None:
    """Until the script has finished and no skeleton is left."""
    page.wait_for_selector("[data-testid='stAppViewContainer']", state="attached", timeout=timeout)
    page.wait_for_timeout(200)
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(
        state="attached", timeout=timeout)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=timeout)
    page.wait_for_function("() => document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0",
                           timeout=timeout)


def wait_for_charts(page: Page, timeout: int = 30_000) -> None:
    """Until every Plotly chart on the page has drawn its axes (what a reader's eye, and a tick count, needs)."""
    page.wait_for_function("""() => [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
        .filter(c => c.offsetParent !== null).every(c => c.querySelector('.main-svg g.cartesianlayer'))""",
                           timeout=timeout)


def open_older(page: Page) -> None:
    """Open a function page's folded "Äldre siffror" part, as a reader would, and wait for its charts."""
    page.locator("[data-testid='stExpander'] summary").filter(has_text="Äldre siffror").first.click()
    page.get_by_test_id("stPlotlyChart").first.wait_for(timeout=30_000)
    wait_for_app(page)
