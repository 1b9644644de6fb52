import json

from kpis.pipeline.auth import SignInGuard, audit_sign_in, sign_in_log


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_failures_slow_down_then_lock_out_per_name_and_per_client():
    clock = Clock()
    guard = SignInGuard(free=3, lock_after=6, window=900, clock=clock)
    for _ in range(3):
        assert guard.wait("anna", "10.0.0.1") == 0
        guard.failed("anna", "10.0.0.1")
    assert guard.wait("anna", "10.0.0.1") == 1.0  # the fourth try waits a second
    assert guard.wait("ANNA ", "10.0.0.9") == 1.0  # the same name from another client
    assert guard.wait("bertil", "10.0.0.1") == 1.0  # another name from the same client
    assert guard.wait("bertil", "10.0.0.2") == 0
    clock.now += 1
    guard.failed("anna", "10.0.0.1")
    assert guard.wait("anna", "10.0.0.1") == 2.0  # then two, four …
    for _ in range(2):
        clock.now += 10
        guard.failed("anna", "10.0.0.1")
    assert guard.wait("anna", "10.0.0.1") == float("inf")  # locked out
    assert 0 < guard.locked_for("anna", "10.0.0.1") <= 900
    clock.now += 901
    assert guard.wait("anna", "10.0.0.1") == 0  # the window has passed


def test_a_success_clears_the_name():
    guard = SignInGuard(free=1, clock=Clock())
    guard.failed("anna", "c")
    guard.succeeded("anna")
    assert guard.wait("anna", "other") == 0


def test_events_are_audited(tmp_path):
    log = sign_in_log(tmp_path / "tillvaxt.duckdb")
    audit_sign_in(log, "failed", "anna", "10.0.0.1")
    audit_sign_in(log, "locked", "anna", "10.0.0.1")
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [e["event"] for e in events] == ["failed", "locked"] and events[0]["username"] == "anna"
