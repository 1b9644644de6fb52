import shutil
import subprocess
import sys

from kpis.seed import SEED_DIR
from tests.conftest import PROJECT_DIR


def _run(*args, env_db=None):
    return subprocess.run([sys.executable, "-m", "kpis", *args], cwd=PROJECT_DIR, capture_output=True, text=True,
                          timeout=120, check=False)


def test_init_builds_a_store(tmp_path):
    db = tmp_path / "s.duckdb"
    result = _run("init", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert db.exists() and "observations" in result.stdout


def test_init_refuses_a_bad_seed_and_leaves_the_store_byte_for_byte(tmp_path):
    db = tmp_path / "s.duckdb"
    assert _run("init", "--db", str(db)).returncode == 0
    before = db.read_bytes()
    bad = tmp_path / "seed"
    shutil.copytree(SEED_DIR, bad)
    text = (bad / "observations.csv").read_text(encoding="utf-8").splitlines()
    head, first = text[0], text[1].split(",")
    first[3] = "sextiofyra"  # value
    (bad / "observations.csv").write_text("\n".join([head, ",".join(first), *text[2:], text[2]]) + "\n",
                                          encoding="utf-8")
    result = _run("init", "--db", str(db), "--seed", str(bad))
    assert result.returncode == 2
    assert "rad 2, kolumn value" in result.stderr and "inte ett tal" in result.stderr
    assert "dubblett" in result.stderr  # every fault at once
    assert db.read_bytes() == before
    english = _run("--lang", "en", "init", "--db", str(db), "--seed", str(bad))
    assert "row 2, column value" in english.stderr and "not a number" in english.stderr
    assert db.read_bytes() == before
