"""The fetchers of the sources the core registry names: ``fetcher("scb")`` is the module that fetches SCB.

A fetcher module is a plug-in: it has the functions of :class:`SourceModule` (checked when it is loaded), and
its registry entry (``kpis/core/registry.py``) names it with its licence and base URL. Nothing else names a
source: refresh, the CLI, the source listing and the open-data catalog read the registry."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from kpis.core.catalog import Catalog
from kpis.core.registry import FETCHED, KINDS, SourceKind
from kpis.sources.result import Fetched


@runtime_checkable
class SourceModule(Protocol):
    """What a fetcher module offers: ``fetch`` (the catalog, the regions, the base URL, the time-out and a
    progress callback in; a :class:`Fetched` out, or a worded ``FetchError``), ``steps`` (how many progress
    steps a fetch takes) and ``wanted`` (whether this catalog asks for the source at all)."""

    def fetch(self, catalog: Catalog, regions: Any, base_url: str, timeout: float,
              progress: Callable[[str], None] = ...) -> Fetched: ...

    def steps(self, catalog: Catalog) -> int: ...

    def wanted(self, catalog: Catalog) -> bool: ...


@dataclass(frozen=True)
class Fetcher:
    kind: SourceKind
    fetch: Callable[..., Fetched]
    steps: Callable[[Catalog], int]
    wanted: Callable[[Catalog], bool]

    @property
    def id(self) -> str:
        return self.kind.id


def fetcher(source_id: str) -> Fetcher:
    """The fetcher of a fetched source (``scb``, ``kolada``, ``tillvaxtverket``)."""
    kind = KINDS[source_id]
    if kind.module is None:
        raise KeyError(f"{source_id} is not fetched")
    module: Any = importlib.import_module(kind.module)
    if not isinstance(module, SourceModule):
        raise TypeError(f"{kind.module} lacks fetch, steps or wanted")
    return Fetcher(kind, module.fetch, module.steps, module.wanted)


def fetched_sources() -> tuple[str, ...]:
    return FETCHED
