"""One problem type for everything a user or a source can get wrong: a text key, its values, and where.

The words live in ``kpis/texts/<lang>.toml`` under the key; a problem is worded only when it is shown,
in the language the user chose.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kpis.core.i18n import DEFAULT_LANG, t

MAX_SHOWN = 100


@dataclass(frozen=True)
class Problem:
    """One fault: ``key`` names its text, ``params`` fill it in; ``file``, ``row`` and ``column`` say where."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    file: str | None = None
    row: int | None = None
    column: str | None = None

    def message(self, lang: str = DEFAULT_LANG) -> str:
        """Worded in ``lang``; a value that is itself a problem is worded in the same language."""
        return t(self.key, lang, **{k: _worded(v, lang) for k, v in self.params.items()})

    def as_json(self) -> dict[str, Any]:
        """Key and values (nested problems too) for the store: worded again in any language when shown."""
        return {"key": self.key, "params": {k: _as_json(v) for k, v in self.params.items()}}

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Problem:
        return cls(str(raw["key"]), {k: _from_json(v) for k, v in dict(raw.get("params", {})).items()})


    def where(self, lang: str = DEFAULT_LANG) -> str:
        parts = [self.file] if self.file else []
        if self.row is not None:
            parts.append(t("where_row", lang, row=self.row))
        if self.column:
            parts.append(t("where_column", lang, column=self.column))
        return ", ".join(parts)

    def text(self, lang: str = DEFAULT_LANG) -> str:
        where = self.where(lang)
        return f"{where}: {self.message(lang)}" if where else self.message(lang)



def _worded(value: Any, lang: str) -> Any:
    if isinstance(value, Problem):
        return value.message(lang)
    if isinstance(value, list):
        return "; ".join(str(_worded(v, lang)) for v in value)
    return value


def _as_json(value: Any) -> Any:
    if isinstance(value, Problem):
        return value.as_json()
    return [_as_json(v) for v in value] if isinstance(value, list) else value


def _from_json(value: Any) -> Any:
    if isinstance(value, Mapping) and "key" in value:
        return Problem.from_json(value)
    return [_from_json(v) for v in value] if isinstance(value, list) else value


def note(text: str) -> Problem:
    """A note that needs no words (a table id and its date): the same in every language."""
    return Problem("note_text", {"text": text})


def worded(parts: list[Problem], lang: str = DEFAULT_LANG) -> str:
    """Parts of a run's message, worded in ``lang`` and joined."""
    return "; ".join(p.message(lang) for p in parts)


class ProblemError(ValueError):
    """Something could not be done because of ``problems``; nothing was written."""

    head_key = "problems_head"

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(p.text("en") for p in self.problems))

    def text(self, lang: str = DEFAULT_LANG) -> str:
        if len(self.problems) == 1 and self.head_key == ProblemError.head_key:
            return self.problems[0].text(lang)
        return "\n".join([t(self.head_key, lang), *listed(self.problems, lang)])


def listed(problems: list[Problem], lang: str = DEFAULT_LANG, most: int = MAX_SHOWN) -> list[str]:
    """``- where: what`` per problem, at most ``most`` of them and then how many more there are."""
    lines = [f"- {p.text(lang)}" for p in problems[:most]]
    if len(problems) > most:
        lines.append(t("problems_more", lang, n=len(problems) - most))
    return lines
