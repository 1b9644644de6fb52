import json

from kpis.pipeline.auth import SignInGuard, audit_sign_in, sign_in_log


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_failures_slow_down_then_lock_out_a_name_at_a_client():
    clock = Clock()
    guard = SignInGuard(free=3, lock_after=6, window=900, clock=clock)
    for _ in range(3):
        assert guard.wait("anna", "10.0.0.1") == 0
        guard.failed("anna", "10.0.0.1")
    assert guard.wait("anna", "10.0.0.1") == 1.0  # the fourth try waits a second
    assert guard.wait("ANNA ", "10.0.0.9") == 0  # Anna at her own address is not slowed by a guesser elsewhere
    assert guard.wait("bertil", "10.0.0.1") == 0  # nor is another name at the same address
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


def test_made_up_names_never_lock_a_real_editor():
    guard = SignInGuard(free=3, lock_after=10, clock=Clock())
    for i in range(10):
        guard.failed(f"nobody{i}", "unknown", known=False)
    assert guard.wait("someone-else", "unknown", known=False) == float("inf")  # the flood itself is stopped
    assert guard.wait("anna", "unknown", known=True) == 0  # but every real editor still signs in


def test_a_success_clears_the_name():
    guard = SignInGuard(free=1, clock=Clock())
    guard.failed("anna", "c")
    guard.succeeded("anna", "c")
    assert guard.wait("anna", "c") == 0


def test_the_client_address_is_taken_from_a_trusted_proxy_only():
    from kpis.pipeline.auth import client_address

    headers = {"X-Forwarded-For": "203.0.113.7, 10.0.0.5", "X-Real-IP": "10.0.0.5"}
    assert client_address("127.0.0.1", headers, trusted="127.0.0.1") == "10.0.0.5"
    assert client_address("127.0.0.1", {"X-Forwarded-For": "1.2.3.4, 5.6.7.8"}, trusted="127.0.0.1") == "5.6.7.8"
    assert client_address("198.51.100.2", headers, trusted="127.0.0.1") == "198.51.100.2"  # not our proxy
    assert client_address(None, {}, trusted="") == "unknown"


def test_events_are_audited(tmp_path):
    log = sign_in_log(tmp_path / "tillvaxt.duckdb")
    audit_sign_in(log, "failed", "anna", "10.0.0.1")
    audit_sign_in(log, "locked", "anna", "10.0.0.1")
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [e["event"] for e in events] == ["failed", "locked"] and events[0]["username"] == "anna"


def test_the_guard_forgets_entries_older_than_its_window():
    clock = Clock()
    guard = SignInGuard(window=900, clock=clock)
    for i in range(20_000):  # a flood of made-up names from many addresses
        guard.failed(f"x{i}", f"10.{i // 65536}.{i // 256 % 256}.{i % 256}", known=False)
    assert len(guard) == 20_000
    clock.now += 901
    guard.failed("anna", "10.0.0.1")
    assert len(guard) == 1  # only the failure inside the window is kept
    assert guard.wait("x1", "10.0.0.1", known=False) == 0
