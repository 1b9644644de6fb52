from kpis.core import settings


def test_a_bad_number_falls_back_to_its_default_and_a_low_one_is_raised(monkeypatch):
    monkeypatch.setenv("TILLVAXT_SOURCE_BUDGET", "soon")
    assert settings.source_budget() == 600.0
    monkeypatch.setenv("TILLVAXT_SOURCE_BUDGET", "0")
    assert settings.source_budget() == 1.0
    monkeypatch.setenv("TILLVAXT_LOCK_TIMEOUT", "-5")
    assert settings.lock_timeout() == 0.0


def test_flags_urls_and_folders(monkeypatch, tmp_path):
    monkeypatch.setenv("TILLVAXT_PUBLIC", "Yes")
    monkeypatch.setenv("TILLVAXT_PUBLIC_URL", " https://example.org/site/ ")
    monkeypatch.setenv("TILLVAXT_LANGUAGES", str(tmp_path))
    assert settings.public() and settings.public_url() == "https://example.org/site"
    assert settings.languages_dir() == tmp_path
    monkeypatch.delenv("TILLVAXT_PUBLIC")
    assert not settings.public() and settings.source_url("TILLVAXT_NO_SUCH_URL") is None


def test_the_settings_module_is_the_only_reader_of_the_environment():
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2] / "kpis"
    readers = [p.relative_to(root).as_posix() for p in root.rglob("*.py")
               if re.search(r"os\.environ|os\.getenv", p.read_text(encoding="utf-8"))]
    assert readers == ["core/settings.py"]
