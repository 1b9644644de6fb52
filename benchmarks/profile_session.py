"""Where a live session's server CPU goes: run a page under cProfile (every thread) and print the top costs.

    .venv/bin/python -m benchmarks.profile_session [app.py|benchmarks/bare_page.py] [--sessions 20]

Starts ``streamlit run`` under a profiler that follows every thread (the script runs in its own thread),
drives the sessions over Streamlit's websocket protocol, stops the server and prints the functions with the
most own time per session, idle waits left out. This is how the collection after every script run was found
(see README, "Performance"). Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pstats
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.pages_bench import build_store, free_port, protocol_session, wait_healthy

PROJECT = Path(__file__).resolve().parent.parent
IDLE = ("sleep", "poll", "'get' of '_queue", "acquire", "wait")

# Runs inside the profiled server: from SIGUSR1 on (after the warm-up), a profiler per thread; merged and
# written at exit.
LAUNCHER = """
import atexit, cProfile, os, pstats, signal, sys, threading
profiles = [cProfile.Profile()]
def start(*_):
    profiles.append(cProfile.Profile()); profiles[-1].enable()
def on(*_):
    threading.setprofile(start); profiles[0].enable()
signal.signal(signal.SIGUSR1, on)
def dump():
    merged = None
    for p in profiles:
        p.disable()
        try:
            s = pstats.Stats(p)
        except TypeError:
            continue
        merged = s if merged is None else merged.add(s)
    if merged:
        merged.dump_stats(os.environ["PROFILE_OUT"])
atexit.register(dump)
from streamlit.web.cli import main
sys.argv = ["streamlit", "run", *sys.argv[1:]]
main()
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("script", nargs="?", default="app.py")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        db, out = Path(work) / "store.duckdb", Path(work) / "session.prof"
        build_store(db)
        launcher = Path(work) / "launch.py"
        launcher.write_text(LAUNCHER, encoding="utf-8")
        port = free_port()
        env = {**os.environ, "TILLVAXT_DB": str(db), "PROFILE_OUT": str(out)}
        proc = subprocess.Popen(
            [sys.executable, str(launcher), args.script, "--server.headless", "true", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", "--global.developmentMode", "false"],
            cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, proc)

        async def drive(sessions: int) -> None:
            for _ in range(sessions):
                await protocol_session(url)

        asyncio.run(drive(2))  # warm up: imports and caches are not a session's cost
        proc.send_signal(signal.SIGUSR1)
        asyncio.run(drive(args.sessions))
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
        stats = pstats.Stats(str(out)).stats  # type: ignore[attr-defined]
    runs = args.sessions
    rows = sorted(((v[2], k) for k, v in stats.items() if not any(x in k[2] for x in IDLE)), reverse=True)
    print(f"{args.script}: own time per session (profiled, so slower than real), {runs} sessions")
    for own, key in rows[: args.top]:
        where = f"{key[0].split('site-packages/')[-1]}:{key[1]}"
        print(f"{own * 1000 / runs:8.2f} ms  {stats[key][1]:7d} calls  {where} {key[2]}")


if __name__ == "__main__":
    main()
