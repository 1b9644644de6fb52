"""Page speed, side by side with a bare one-chart Streamlit page, in headless Chromium.

    make bench            (or: .venv/bin/python -m benchmarks.pages_bench [--runs 7] [--sessions 20] [--nginx])

Prints per page the median time until the script has finished and every chart is drawn, and its ratio to
the bare page; the warm script time per page (from the server, ``TILLVAXT_TIMING``); the cold start (no
store file to the first page drawn); server memory; and a load test of N simultaneous sessions opening
the overview (median and p95 time to drawn, peak server memory). With ``--nginx``, the load test runs
once more against two replicas behind nginx on loopback (Debian's nginx package).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, async_playwright

PROJECT = Path(__file__).resolve().parent.parent
PAGES = ["", "naringsliv", "marknad", "destination", "utveckling", "data"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                 "--disable-component-update", "--disable-sync"]
DRAWN_JS = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.dataset.testScriptState !== 'notRunning' || app.dataset.testConnectionState !== 'CONNECTED')
    return false;
  if (document.querySelectorAll("[data-testid='stSkeleton']").length) return false;
  if (!document.querySelector("[data-testid='stMain'] h1, [data-testid='stPlotlyChart']")) return false;
  const charts = [...document.querySelectorAll("[data-testid='stPlotlyChart']")];
  if (!charts.every(c => c.querySelector('svg.main-svg g.trace'))) return false;
  return performance.now();
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    proc: subprocess.Popen
    url: str
    log: Path
    started: float = field(default_factory=time.perf_counter)

    def memory_mb(self) -> tuple[float, float]:
        """Current and peak resident memory of the server process, in MB."""
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]
        peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]
        return rss, peak

    def cpu_seconds(self) -> float:
        """User and system CPU time the server process has used so far."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def script_ms(self) -> dict[str, list[float]]:
        times: dict[str, list[float]] = {}
        for match in re.finditer(r"script_ms (\S+) (\d+\.\d)", self.log.read_text(errors="replace")):
            times.setdefault(match.group(1), []).append(float(match.group(2)))
        return times

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)


def start(script: str, db: Path, logdir: Path, port: int | None = None) -> Server:
    port = port or free_port()
    log = logdir / f"server-{port}.log"
    env = {**os.environ, "TILLVAXT_DB": str(db), "TILLVAXT_TIMING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType",
         "none", "--global.developmentMode", "false"],
        cwd=PROJECT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, proc)
    return Server(proc, url, log)


def wait_healthy(url: str, proc: subprocess.Popen | None = None) -> None:
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.read() == b"ok":
                    return
        except OSError:
            if proc is not None and proc.poll() is not None:
                raise RuntimeError(f"{url} exited") from None
            time.sleep(0.25)
    raise RuntimeError(f"{url} did not start")


async def time_to_drawn(browser: Browser, url: str, context: BrowserContext | None = None) -> float:
    """Milliseconds from navigation start until the script finished and every chart is drawn.

    Without ``context``, a fresh browser profile (empty cache) each time: a first visit.
    """
    own = context is None
    context = context or await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    await page.goto(url)
    handle = await page.wait_for_function(DRAWN_JS, polling=50, timeout=180_000)
    elapsed = float(await handle.json_value())
    await (context.close() if own else page.close())
    return elapsed


async def protocol_session(url: str) -> float:
    """One session over Streamlit's own websocket protocol, no browser: connect, run the default page and
    time until the server reports ``script_finished`` (every element and figure serialised and sent)."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    start_time = time.perf_counter()
    async with websockets.connect(ws_url, subprotocols=["streamlit"], origin=url, max_size=None) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = ""
        await ws.send(msg.SerializeToString())
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await ws.recv())
            if forward.WhichOneof("type") == "script_finished":
                return (time.perf_counter() - start_time) * 1000


async def protocol_load(url: str, sessions: int) -> tuple[float, list[float]]:
    await protocol_session(url)
    single = statistics.median([await protocol_session(url) for _ in range(5)])
    return single, list(await asyncio.gather(*(protocol_session(url) for _ in range(sessions))))


async def cpu_per_session(server: Server, url: str, sessions: int) -> float:
    """The server's CPU seconds per session: sessions run one after another so nothing else is counted."""
    await protocol_session(url)  # warm
    before = server.cpu_seconds()
    for _ in range(sessions):
        await protocol_session(url)
    return (server.cpu_seconds() - before) / sessions


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def load_test(browser: Browser, url: str, sessions: int) -> tuple[float, list[float]]:
    """``sessions`` visitors, each its own browser profile (cookies, cache) that has seen the page once,
    open it at the same moment; each tab is its own Streamlit session and websocket.

    Returns the time of one visitor alone and the times of all of them together.
    """
    contexts = [await browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(sessions)]
    for context in contexts:
        await time_to_drawn(browser, url, context)  # the visitor's first visit: fills its cache, gets its cookie
    single = statistics.median([await time_to_drawn(browser, url, contexts[0]) for _ in range(3)])
    times = list(await asyncio.gather(*(time_to_drawn(browser, url, context) for context in contexts)))
    for context in contexts:
        await context.close()
    return single, times


def chromium() -> str | None:
    return shutil.which("chromium") or None


def build_store(db: Path) -> float:
    start_time = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kpis", "init", "--db", str(db)], cwd=PROJECT, check=True,
                   capture_output=True)
    return time.perf_counter() - start_time


def nginx_config(port: int, replicas: list[int], workdir: Path) -> Path:
    text = (PROJECT / "deploy" / "nginx.conf").read_text()
    text = text.replace("/tmp/tillvaxtpanelen-nginx", str(workdir / "nginx"))
    text = text.replace("        server 127.0.0.1:8501;\n        server 127.0.0.1:8502;\n",
                        "".join(f"        server 127.0.0.1:{p};\n" for p in replicas))
    text = text.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    path = workdir / "nginx.conf"
    path.write_text(text)
    return path


def refresh_everyone(db: Path) -> tuple[Path, float]:
    """A copy of the store refreshed from SCB and Kolada for every municipality, against the test server that
    plays them (tests/fakes: test values, in the published formats)."""
    sys.path.insert(0, str(PROJECT))
    from kpis.core.catalog import load_catalog
    from kpis.pipeline.refresh import refresh
    from tests.fakes.sources_server import SourcesServer

    copy = db.with_name("everyone.duckdb")
    shutil.copy(db, copy)
    server = SourcesServer(everyone=True).start()
    saved = {key: os.environ.get(key) for key in server.env()}
    os.environ.update(server.env())
    started = time.perf_counter()
    try:
        results = refresh(copy, load_catalog(), ["scb", "kolada"])
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    if not all(r.ok for r in results):
        raise RuntimeError([r.message("en") for r in results])
    return copy, time.perf_counter() - started


async def places_run(browser: Browser, db: Path, work: Path, runs: int) -> None:
    """The map page (every municipality: map, table, spread, rank) against a function page, on a store that holds
    all of Sweden; the issue asks for the map page within 1.5× a function page's draw time."""
    everyone, seconds = refresh_everyone(db)
    app = start("app.py", everyone, work)
    pages = {"marknad": f"{app.url}/marknad", "sverige": f"{app.url}/sverige",
             "sverige (net migration)": f"{app.url}/sverige?kpi=net_migration"}
    for url in pages.values():
        await time_to_drawn(browser, url)  # the first view of each fills the caches
    found: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(runs):
        for name, url in pages.items():
            found[name].append(await time_to_drawn(browser, url))
    app.stop()
    base = statistics.median(found["marknad"])
    print(f"\nSweden's municipalities (a store refreshed for all 290 against the test server in {seconds:.0f} s)")
    print(f"{'page':<26}{'drawn ms':>10}{'× function page':>17}")
    for name, values in found.items():
        print(f"{name:<26}{statistics.median(values):>10.0f}{statistics.median(values) / base:>17.2f}")


async def main_async(args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp(prefix="tvp-bench-"))
    db = work / "tillvaxt.duckdb"
    print(f"# Tillväxtpanelen page benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {platform.node()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}")
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        # Cold start: no store file → store built → server up → overview drawn.
        cold_start = time.perf_counter()
        init_s = build_store(db)
        app = start("app.py", db, work)
        first = await time_to_drawn(browser, app.url + "/")
        cold = time.perf_counter() - cold_start
        bare = start("benchmarks/bare_page.py", db, work)
        await time_to_drawn(browser, bare.url)  # warm both servers
        for path in PAGES:
            await time_to_drawn(browser, f"{app.url}/{path}")
        results: dict[str, list[float]] = {"bare": []}
        for _ in range(args.runs):  # interleaved, so drift hits every page alike
            results["bare"].append(await time_to_drawn(browser, bare.url))
            for path in PAGES:
                results.setdefault(path or "overview", []).append(await time_to_drawn(browser, f"{app.url}/{path}"))
        base = statistics.median(results["bare"])
        scripts = app.script_ms()
        print(f"\ncold start (no store → overview drawn): {cold:.1f} s (store build {init_s:.1f} s, "
              f"first overview {first / 1000:.1f} s after the server was up)")
        print(f"\n{'page':<14}{'drawn ms':>10}{'ratio':>8}{'warm script ms':>16}")
        print(f"{'bare 1-chart':<14}{base:>10.0f}{1:>8.2f}{'':>16}")
        for page_name, values in results.items():
            if page_name == "bare":
                continue
            warm = scripts.get(page_name, [])[1:]  # the first run of each page fills the caches
            warm_ms = f"{statistics.median(warm):.0f}" if warm else "–"
            print(f"{page_name:<14}{statistics.median(values):>10.0f}{statistics.median(values) / base:>8.2f}"
                  f"{warm_ms:>16}")
        rss, peak = app.memory_mb()
        print(f"\nserver memory after {args.runs} rounds: {rss:.0f} MB (peak {peak:.0f} MB)")
        before = len(app.script_ms().get("overview", []))
        single, times = await load_test(browser, app.url + "/", args.sessions)
        rss, peak = app.memory_mb()
        under_load = app.script_ms().get("overview", [])[before + args.sessions + 3:]  # the simultaneous runs
        bare_single, bare_times = await load_test(browser, bare.url, args.sessions)
        proto_single, proto_times = await protocol_load(app.url, args.sessions)
        _, proto_peak = app.memory_mb()
        bare_proto_single, bare_proto_times = await protocol_load(bare.url, args.sessions)
        print(f"\nload: {args.sessions} sessions open the overview at once (one server, browsers on the same machine)")
        print(f"  single session {single:.0f} ms; median {statistics.median(times):.0f} ms; p95 {p95(times):.0f} ms "
              f"({p95(times) / single:.1f}× single); server memory peak {peak:.0f} MB")
        if under_load:
            print(f"  server script time during the load: median {statistics.median(under_load):.0f} ms, "
                  f"p95 {p95(under_load):.0f} ms over {len(under_load)} runs")
        print(f"  yardstick, the bare one-chart page under the same load: single {bare_single:.0f} ms; "
              f"p95 {p95(bare_times):.0f} ms ({p95(bare_times) / bare_single:.1f}× single)")
        print(f"\nserver load without browsers: {args.sessions} websocket sessions run the overview at once")
        print(f"  single session {proto_single:.0f} ms; median {statistics.median(proto_times):.0f} ms; p95 "
              f"{p95(proto_times):.0f} ms ({p95(proto_times) / proto_single:.1f}× single); server memory peak "
              f"{proto_peak:.0f} MB")
        print(f"  yardstick, the bare page: single {bare_proto_single:.0f} ms; p95 {p95(bare_proto_times):.0f} ms "
              f"({p95(bare_proto_times) / bare_proto_single:.1f}× single)")
        app_cpu = await cpu_per_session(app, app.url, args.sessions)
        bare_cpu = await cpu_per_session(bare, bare.url, args.sessions)
        frozen = start("benchmarks/bare_page_frozen.py", db, work)
        frozen_cpu = await cpu_per_session(frozen, frozen.url, args.sessions)
        frozen.stop()
        print(f"\nserver CPU per session (websocket protocol, {args.sessions} sessions each, warm caches): overview "
              f"{app_cpu * 1000:.1f} ms, bare one-chart page {bare_cpu * 1000:.1f} ms, ratio {app_cpu / bare_cpu:.2f}")
        print(f"  on the same footing (the bare page's heap frozen after its first run, as the app does): bare "
              f"{frozen_cpu * 1000:.1f} ms, ratio {app_cpu / frozen_cpu:.2f}")
        bare.stop()
        app.stop()
        await places_run(browser, db, work, args.runs)
        if args.nginx:
            await nginx_run(browser, db, work, args.sessions)
        await browser.close()
    shutil.rmtree(work, ignore_errors=True)


async def nginx_run(browser: Browser, db: Path, work: Path, sessions: int) -> None:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        print("\nnginx: not installed (apt-get install -y nginx); skipped")
        return
    replicas = [start("app.py", db, work) for _ in range(2)]
    port = free_port()
    (work / "nginx").mkdir(exist_ok=True)
    config = nginx_config(port, [int(r.url.rsplit(":", 1)[1]) for r in replicas], work)
    nginx = subprocess.Popen([binary, "-c", str(config), "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url)
    single, times = await load_test(browser, url + "/", sessions)
    peaks = [r.memory_mb()[1] for r in replicas]
    served = [len(r.script_ms().get("overview", [])) for r in replicas]  # warm-up visits included
    print(f"\nload through nginx, 2 replicas: {sessions} sessions at once")
    print(f"  single session {single:.0f} ms; median {statistics.median(times):.0f} ms; p95 {p95(times):.0f} ms "
          f"({p95(times) / single:.1f}× single); overview runs per replica {served}; peak memory "
          f"{', '.join(f'{p:.0f}' for p in peaks)} MB")
    nginx.terminate()
    nginx.wait(timeout=10)
    for replica in replicas:
        replica.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--nginx", action="store_true", help="also run the load test through nginx")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
