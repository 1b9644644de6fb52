"""Extra language files (``TILLVAXT_LANGUAGES``), checked before any page or command uses them.

A file is offered only when it is a regular file (no symlink, no folder) named by an ISO 639 code (two letters, or
three where a language has no two-letter code, such as South Sami ``sma`` and Meänkieli ``fit``) that is not a
bundled language, is at most a megabyte of TOML, has every key of the bundled Swedish file with the same
placeholders, gives lists where Swedish does (twelve months, non-empty yes and no words), and does not take another
language's yes/no words or column names to mean something else. A file that fails is skipped, and why is said once
(:func:`problems`) on *Data och källor* and by the command line.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpis.core import languages

ISO_639_1 = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en
eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka
kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl
nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu""".split())
# Three-letter codes (ISO 639-2/3) where a language has no two-letter one: Sweden's national minority languages
# (the Sami languages, Meänkieli, Romani, Yiddish) and Swedish Sign Language, which a municipality may publish in.
ISO_639_3 = frozenset("sma smj sju sje smn sms fit fkv rmf rmu rmn rom yid swl".split())
CODE = languages.CODE
MAX_BYTES = 1024 * 1024
LISTS = {"months": 12, "months_long": 12}  # lists of a fixed length; every other list must not be empty


@dataclass(frozen=True)
class Refused:
    file: str  # the file's name as found (never a path outside the folder)
    reason: str  # a text key of the bundled files, with its values
    values: tuple[tuple[str, str], ...] = ()


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return {"\0unbalanced"}


def _compare(reference: dict[str, Any], found: dict[str, Any], prefix: str = "") -> str | None:
    """The first key that is missing, of another type, or with other placeholders; None when all match."""
    for key, value in reference.items():
        name = f"{prefix}{key}"
        if key not in found:
            return name
        other = found[key]
        if isinstance(value, dict):
            if not isinstance(other, dict):
                return name
            if prefix == "" and key == "import_columns":
                continue  # a language's own column names: checked apart
            deeper = _compare(value, other, f"{name}.")
            if deeper:
                return deeper
        elif isinstance(value, list):
            if not isinstance(other, list) or not all(isinstance(v, str) and v.strip() for v in other):
                return name
            if len(other) != LISTS.get(key, len(other)) or not other:
                return name
        elif isinstance(value, str):
            if not isinstance(other, str) or _placeholders(other) != _placeholders(value):
                return name
    return None


def _taken(bundled: dict[str, dict[str, Any]]) -> tuple[set[str], set[str], dict[str, str]]:
    yes = {w.lower() for found in bundled.values() for w in found.get("import_yes", ())}
    no = {w.lower() for found in bundled.values() for w in found.get("import_no", ())}
    columns = {a.lower(): c for found in bundled.values() for a, c in found.get("import_columns", {}).items()}
    return yes, no, columns


def check(path: Path, bundled: dict[str, dict[str, Any]]) -> tuple[dict[str, Any] | None, Refused | None]:
    """One extra file: its texts, or why it is refused (``bundled``: the bundled languages' texts by code)."""
    name = path.name
    code = path.name[: -len(".toml")] if path.name.endswith(".toml") else ""
    if path.is_symlink() or not path.is_file():
        return None, Refused(name, "language_not_a_file")
    if not CODE.match(code) or code not in ISO_639_1 | ISO_639_3:
        return None, Refused(name, "language_bad_code")
    if code in bundled:
        return None, Refused(name, "language_bundled", (("code", code),))
    if path.stat().st_size > MAX_BYTES:
        return None, Refused(name, "language_too_large")
    try:
        found = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
        return None, Refused(name, "language_not_toml")
    missing = _compare(bundled["sv"], found)
    if missing:
        return None, Refused(name, "language_key", (("text", missing),))
    yes, no, columns = _taken(bundled)
    own_yes = {str(w).lower() for w in found.get("import_yes", ())}
    own_no = {str(w).lower() for w in found.get("import_no", ())}
    aliases = found.get("import_columns", {})
    canonical = set(bundled["sv"].get("import_columns", {}).values())
    clash = (own_yes & (no | own_no)) or (own_no & yes) or {
        a for a, c in aliases.items() if not isinstance(c, str) or columns.get(str(a).lower(), c) != c
        or (str(a).lower() in canonical and str(a).lower() != c)}
    if clash:
        return None, Refused(name, "language_clash", (("words", ", ".join(sorted(map(str, clash)))[:80]),))
    known = set(bundled["sv"].get("import_columns", {}).values())
    if not all(isinstance(c, str) and c in known for c in aliases.values()):
        return None, Refused(name, "language_key", (("text", "import_columns"),))
    return found, None


def scan(folder: Path | None, bundled: dict[str, dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], list[Refused]]:
    """The extra languages of ``folder`` that pass, by code, and the files refused."""
    if folder is None or not folder.is_dir():
        return {}, []
    accepted: dict[str, dict[str, Any]] = {}
    refused: list[Refused] = []
    for path in sorted(folder.glob("*.toml")):
        found, why = check(path, bundled)
        if why is not None:
            refused.append(why)
        elif found is not None:
            accepted[path.name[: -len(".toml")]] = found
    return accepted, refused
