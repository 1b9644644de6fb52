"""The lock files that `make run` and `make test` install from agree with the pins in requirements*.txt: the same
version of every pinned package, every package hashed, and the runtime packages the same in both locks
(`make lock` writes them)."""

import re

from tests.conftest import PROJECT_DIR

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s\\;#]+)", re.MULTILINE)


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(name: str) -> dict[str, str]:
    return {_norm(n): v for n, v in PIN.findall((PROJECT_DIR / name).read_text(encoding="utf-8"))}


def _locked(name: str) -> dict[str, str]:
    text = (PROJECT_DIR / name).read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 6)[-1])
    found = {}
    for entry in entries:
        match = PIN.match(entry)
        if match:
            assert "--hash=sha256:" in entry, f"{name}: {match.group(1)} has no hash"
            found[_norm(match.group(1))] = match.group(2)
    return found


def test_every_pin_is_locked_at_its_version_with_hashes():
    runtime, dev = _locked("requirements.lock"), _locked("requirements-dev.lock")
    for name, version in _pins("requirements.txt").items():
        assert runtime.get(name) == version, f"requirements.lock: {name} {runtime.get(name)} ≠ {version}"
        assert dev.get(name) == version, f"requirements-dev.lock: {name} {dev.get(name)} ≠ {version}"
    for name, version in _pins("requirements-dev.txt").items():
        assert dev.get(name) == version, f"requirements-dev.lock: {name} {dev.get(name)} ≠ {version}"
    assert len(runtime) > len(_pins("requirements.txt"))  # what the pins need is locked too


def test_the_test_lock_installs_no_other_version_of_a_runtime_package():
    runtime, dev = _locked("requirements.lock"), _locked("requirements-dev.lock")
    assert {n: v for n, v in runtime.items() if dev.get(n) != v} == {}


def test_make_installs_from_the_lock_files():
    makefile = (PROJECT_DIR / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in makefile
    assert "--require-hashes -r requirements-dev.lock" in makefile
