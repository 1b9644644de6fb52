"""The fetchers of the sources the core registry names: ``fetcher("scb")`` is the module that fetches SCB."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kpis.core.catalog import Catalog
from kpis.core.registry import FETCHED, KINDS, SourceKind
from kpis.sources.result import Fetched


@dataclass(frozen=True)
class Fetcher:
    kind: SourceKind
    fetch: Callable[..., Fetched]
    steps: Callable[[Catalog], int]

    @property
    def id(self) -> str:
        return self.kind.id


def fetcher(source_id: str) -> Fetcher:
    """The fetcher of a fetched source (``scb``, ``kolada``, ``tillvaxtverket``)."""
    kind = KINDS[source_id]
    if kind.module is None:
        raise KeyError(f"{source_id} is not fetched")
    module: Any = importlib.import_module(kind.module)
    return Fetcher(kind, module.fetch, module.steps)


def fetched_sources() -> tuple[str, ...]:
    return FETCHED
