"""The layers: each package of kpis imports only the packages below it; only kpis.app imports Streamlit;
the pages (views/) import only kpis.app; no SQL outside kpis.store."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["core", "store", "sources", "present", "pipeline", "app"]  # bottom to top


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module == "kpis":
                found |= {f"kpis.{alias.name}" for alias in node.names}
    return found


def _package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "kpis" and parts[1] in ORDER else None


@pytest.mark.parametrize("layer", ORDER)
def test_each_package_imports_only_packages_below_it(layer):
    allowed = set(ORDER[: ORDER.index(layer) + 1])
    for path in (ROOT / "kpis" / layer).rglob("*.py"):
        for module in _imports(path):
            used = _package(module)
            assert used is None or used in allowed, f"{path.relative_to(ROOT)} imports {module} (above {layer})"


def test_only_the_app_layer_imports_streamlit():
    for path in (ROOT / "kpis").rglob("*.py"):
        if "app" in path.relative_to(ROOT / "kpis").parts[:1]:
            continue
        assert not any(m.split(".")[0] == "streamlit" for m in _imports(path)), path


def test_pages_import_only_the_app_layer():
    for path in [*(ROOT / "views").glob("*.py"), ROOT / "app.py"]:
        for module in _imports(path):
            if module.startswith("kpis"):
                assert module == "kpis.app" or module.startswith("kpis.app."), f"{path.name} imports {module}"


def test_sql_lives_in_the_store():
    statement = re.compile(r"\b(SELECT\s+.+\s+FROM|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|CREATE\s+TABLE)\b",
                           re.IGNORECASE)
    for path in (ROOT / "kpis").rglob("*.py"):
        if path.relative_to(ROOT / "kpis").parts[0] == "store":
            continue
        text = path.read_text(encoding="utf-8")
        assert not statement.search(text), f"SQL in {path.relative_to(ROOT)}"


def test_the_address_is_read_and_written_in_one_module():
    """Every query parameter goes through ``kpis/app/urls.py``: no other module touches ``st.query_params``."""
    found = [str(path.relative_to(ROOT)) for path in [*ROOT.glob("kpis/**/*.py"), *ROOT.glob("views/*.py"),
                                                      ROOT / "app.py"]
             if "query_params" in path.read_text(encoding="utf-8") and path.name != "urls.py"]
    assert found == []


def test_view_files_are_named_in_one_module():
    """Every ``views/…`` path comes from ``kpis/app/view_files.py``; the catalog and the pages name none."""
    found = [str(path.relative_to(ROOT)) for path in [*ROOT.glob("kpis/**/*.py"), *ROOT.glob("views/*.py"),
                                                      ROOT / "app.py"]
             if re.search(r"""["']views/""", path.read_text(encoding="utf-8")) and path.name != "view_files.py"]
    assert found == []
