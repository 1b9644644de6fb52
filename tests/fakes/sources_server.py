"""A real HTTP server on loopback that plays SCB's PxWebApi 2.0, Kolada v3 and Tillväxtverket's files.

Routes (under ``base``): ``/scb/config``, ``/scb/tables/{id}/metadata``, ``POST /scb/tables/{id}/data``,
``/kolada/data/kpi/{kpi}/municipality/{ids}``, ``/tvv/{file}``; with ``everyone``, every municipality and
county in SCB's tables, ``/kolada/data/kpi/{kpi}/year/{years}`` and ``/kolada/municipality_groups``. Faults are
set per path prefix with :meth:`SourcesServer.fault`: an HTTP status (with ``Retry-After``), a body cut off
halfway, a short delay, no answer at all until the test ends (``hang``: the client's time-out, with no sleep in the
test), or a changed answer.
"""

from __future__ import annotations

import copy
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes import age_tables, all_places, month_tables, more_tables

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

SCB_CONFIG = {
    "apiVersion": "2.3.2", "appVersion": "1.0.0",
    "languages": [{"id": "sv", "label": "Svenska"}, {"id": "en", "label": "English"}],
    "defaultLanguage": "sv", "maxDataCells": 150000, "maxCallsPerTimeWindow": 30, "timeWindow": 10,
    "license": "https://creativecommons.org/share-your-work/public-domain/cc0/",
    "sourceReferences": [{"language": "sv", "text": "Källa: SCB"},
                         {"language": "en", "text": "Source: Statistics Sweden"}],
    "defaultDataFormat": "json-stat2", "dataFormats": ["json-stat2", "csv", "px", "xlsx", "html", "json-px"],
    "features": [{"id": "CORS", "params": [{"key": "enabled", "value": "True"}]}],
}


@dataclass
class Fault:
    status: int | None = None
    retry_after: str | None = None
    truncate: bool = False
    delay: float = 0.0  # seconds before the answer (at most 0.2 in a test)
    hang: bool = False  # never answer: the connection is held until the test clears its faults
    times: int | None = None  # None: every time
    query_contains: str | None = None  # only requests whose query string has this
    transform: Callable[[Any], Any] | None = None


class ProblemError(Exception):
    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail


class SourcesServer:
    def __init__(self, fixtures: Path = FIXTURES, everyone: bool = False) -> None:
        self.fixtures = fixtures
        self.everyone = everyone  # every municipality and county of Sweden in SCB's tables and Kolada's answers
        self._more = set(more_tables.tables())
        self.faults: dict[str, Fault] = {}
        self.requests: list[tuple[str, str]] = []
        self.overrides: dict[tuple[str, tuple[tuple[str, str], ...]], float | None] = {}
        self._lock = threading.RLock()
        self._released = threading.Event()  # set by clear(): a hanging answer lets go
        self._world = age_tables.build_world()
        self._tables: dict[str, dict[str, Any]] = {}
        self._extra_tables: dict[str, dict[str, Any]] | None = None
        self._indexes: dict[str, dict[frozenset[str], dict[tuple, list[float | None]]]] = {}
        self._projections: dict[tuple, dict[tuple, list[float | None]]] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -------------------------------------------------------------- control
    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> SourcesServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fault(self, prefix: str, fault: Fault) -> None:
        self.faults[prefix] = fault

    def clear(self) -> None:
        self._released.set()
        self._released = threading.Event()
        self.faults.clear()
        self.requests.clear()
        self.overrides.clear()

    def revise(self, table: str, value: float | None, **codes: str) -> None:
        """Make SCB publish another value for one cell of a table."""
        self.overrides[(table, tuple(sorted(codes.items())))] = value

    def calls(self, prefix: str) -> int:
        return sum(1 for _, path in self.requests if path.startswith(prefix))

    def env(self) -> dict[str, str]:
        return {"TILLVAXT_SCB_URL": f"{self.base}/scb", "TILLVAXT_KOLADA_URL": f"{self.base}/kolada",
                "TILLVAXT_TVV_URL": f"{self.base}/tvv"}

    # -------------------------------------------------------------- answers
    def _scb_table(self, table: str) -> dict[str, Any]:
        with self._lock:
            if table not in self._tables:
                extra = self._extra()
                path = self.fixtures / "scb" / f"{table}.json"
                if table in extra:
                    self._tables[table] = extra[table]
                    if self.everyone and table in self._more:
                        self._tables[table] = all_places.widen(table, extra[table])
                    elif self.everyone and table in month_tables.TABLES:
                        self._tables[table] = month_tables.widen(extra[table])
                elif path.exists():
                    fixture = json.loads(path.read_text(encoding="utf-8"))
                    if self.everyone:
                        fixture = all_places.widen(table, fixture)
                    self._tables[table] = age_tables.extend(table, fixture, self._world)
                else:
                    raise ProblemError(404, "Not Found", f"Node with id, {table} can not be found")
            return self._tables[table]

    def _extra(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            if self._extra_tables is None:
                self._extra_tables = {**age_tables.extra_tables(self._world), **more_tables.tables(),
                                     **month_tables.tables()}
            return self._extra_tables

    def scb_search(self, query: str) -> dict[str, Any]:
        """SCB's ``/tables?query=``: the tables whose label has every word of the query."""
        words = query.lower().split()
        found = []
        ids = sorted({p.stem for p in (self.fixtures / "scb").glob("TAB*.json")} |
                     set(self._extra()))
        for table in ids:
            entry = age_tables.search_entry(table, self._scb_table(table))
            if all(w in entry["label"].lower() for w in words):
                found.append(entry)
        found += [decoy for decoy in age_tables.DECOYS if all(w in decoy["label"].lower() for w in words)]
        page = {"pageNumber": 1, "pageSize": 100, "totalElements": len(found), "totalPages": 1}
        return {"language": "sv", "tables": found, "page": page}

    def scb_data(self, table: str, query: dict[str, Any]) -> dict[str, Any]:
        fixture = self._scb_table(table)
        meta = fixture["metadata"]
        chosen: dict[str, list[str]] = {}
        for item in query.get("selection", []):
            variable = item["variableCode"]
            if variable not in meta["dimension"]:
                raise ProblemError(400, "Bad Request", f"Variable, {variable} is not a valid variable")
            known = meta["dimension"][variable]["category"]["index"]
            codes = list(known) if item["valueCodes"] == ["*"] else item["valueCodes"]
            for code in codes:
                if code not in known:
                    raise ProblemError(400, "Bad Request",
                                       f"Value, {code} is not a valid value code for variable {variable}")
            chosen[variable] = codes
        for variable in meta["id"]:
            if variable not in chosen and not meta["dimension"][variable]["extension"]["elimination"]:
                raise ProblemError(400, "Bad Request", f"Variable {variable} can not be eliminated")
        ids = [v for v in meta["id"] if v in chosen]
        values, status = [], {}
        for position, combo in enumerate(itertools.product(*(chosen[v] for v in ids))):
            key = dict(zip(ids, combo, strict=True))
            value = self._cell(fixture, table, key)
            values.append(value)
            if value is None:
                status[str(position)] = ".."
        dimension = {}
        for v in ids:
            dim = json.loads(json.dumps(meta["dimension"][v]))
            dim["category"]["index"] = {code: i for i, code in enumerate(chosen[v])}
            dim["category"]["label"] = {code: dim["category"]["label"][code] for code in chosen[v]}
            dimension[v] = dim
        return {"version": "2.0", "class": "dataset", "label": meta["label"], "source": "SCB",
                "updated": meta["updated"], "note": meta.get("note", []), "role": meta["role"], "id": ids,
                "size": [len(chosen[v]) for v in ids], "dimension": dimension, "extension": meta["extension"],
                "value": values, **({"status": status} if status else {})}

    @staticmethod
    def _totals(meta: dict[str, Any]) -> dict[str, str]:
        """Each variable's published total code (label ``totalt …``), where it has one."""
        found = {}
        for variable in meta["id"]:
            for code, label in meta["dimension"][variable]["category"]["label"].items():
                if str(label).lower().startswith("totalt"):
                    found.setdefault(variable, code)
        return found

    def _cell(self, fixture: dict[str, Any], table: str, key: dict[str, str]) -> float | None:
        """One cell as SCB answers it. A fixture cell without a variable is that variable's published total;
        a variable left out of the query (eliminated) is summed over its parts, as SCB's aggregation does, so
        in a CKM table the sum of the noised parts differs from the published total."""
        totals = self._totals(fixture["metadata"])
        wanted = {k: v for k, v in key.items() if totals.get(k) != v}
        override = (table, tuple(sorted(wanted.items())))
        if override in self.overrides:
            return self.overrides[override]
        exact, parts = None, []
        wanted_vars = frozenset(wanted)
        point = tuple(sorted(wanted.items()))
        for variables, by_point in self._index(table, fixture, totals).items():
            if variables == wanted_vars:
                exact = by_point.get(point, (None,))[-1]
            elif variables > wanted_vars and not (variables - wanted_vars) & set(key):
                parts.extend(self._projected(table, variables, wanted_vars, by_point).get(point, []))
        if parts and all(p is not None for p in parts):
            return sum(parts)
        return exact

    def _index(self, table: str, fixture: dict[str, Any], totals: dict[str, str]
               ) -> dict[frozenset[str], dict[tuple, list[float | None]]]:
        """The table's cells grouped by the variables they name (totals left out), each by its coordinates."""
        with self._lock:
            if table not in self._indexes:
                index: dict[frozenset[str], dict[tuple, list[float | None]]] = {}
                for cell in fixture["cells"]:
                    coords = tuple(sorted((k, v) for k, v in cell.items() if k != "value" and totals.get(k) != v))
                    index.setdefault(frozenset(k for k, _ in coords), {}).setdefault(coords, []).append(cell["value"])
                self._indexes[table] = index
            return self._indexes[table]

    def _projected(self, table: str, variables: frozenset[str], wanted: frozenset[str],
                   by_point: dict[tuple, list[float | None]]) -> dict[tuple, list[float | None]]:
        """Cells naming more variables than asked for, grouped by the asked ones: the parts SCB would sum."""
        with self._lock:
            key = (table, variables, wanted)
            if key not in self._projections:
                grouped: dict[tuple, list[float | None]] = {}
                for coords, values in by_point.items():
                    grouped.setdefault(tuple((k, v) for k, v in coords if k in wanted), []).extend(values)
                self._projections[key] = grouped
            return self._projections[key]

    def kolada(self, path: str, query: dict[str, list[str]]) -> dict[str, Any]:
        parts = path.strip("/").split("/")  # data kpi {kpi} municipality {ids}
        if parts[0] == "municipality_groups":
            return self.kolada_groups(parts, query)
        if self.everyone and len(parts) == 5 and parts[:2] == ["data", "kpi"] and parts[3] == "year":
            return self.kolada_years(parts[2], parts[4], query)
        if len(parts) != 5 or parts[:2] != ["data", "kpi"] or parts[3] != "municipality":
            raise ProblemError(404, "Not Found", path)
        kpi, ids = parts[2], parts[4]
        page = query.get("page", ["1"])[0]
        fixture = self.fixtures / "kolada" / f"{kpi}_page{page}.json"
        if not fixture.exists():
            return {"values": [], "count": 0, "next_url": None, "previous_url": None}
        text = fixture.read_text(encoding="utf-8").replace("{base}", f"{self.base}/kolada").replace("{ids}", ids)
        body = json.loads(text)
        wanted = set(ids.split(","))
        body["values"] = [row for row in body["values"] if row["municipality"] in wanted]
        return body

    def _kolada_home_rows(self, kpi: str) -> list[dict[str, Any]]:
        rows = []
        for page in sorted((self.fixtures / "kolada").glob(f"{kpi}_page*.json")):
            rows += json.loads(page.read_text(encoding="utf-8").replace("{base}", "").replace("{ids}", ""))["values"]
        return rows

    def kolada_years(self, kpi: str, years: str, query: dict[str, list[str]]) -> dict[str, Any]:
        """``/data/kpi/{kpi}/year/{y1,y2}``: every municipality and county, paged by ``per_page``."""
        rows = all_places.kolada_rows(kpi, self._kolada_home_rows(kpi), set(years.split(",")))
        per_page = int(query.get("per_page", ["5000"])[0])
        page = int(query.get("page", ["1"])[0])
        chunk = rows[(page - 1) * per_page: page * per_page]
        more = page * per_page < len(rows)
        next_url = f"{self.base}/kolada/data/kpi/{kpi}/year/{years}?per_page={per_page}&page={page + 1}"
        return {"values": chunk, "count": len(chunk), "next_url": next_url if more else None, "previous_url": None}

    def kolada_groups(self, parts: list[str], query: dict[str, list[str]]) -> dict[str, Any]:
        """``/municipality_groups?title=`` (the groups whose title has the text) and ``/municipality_groups/{id}``."""
        if len(parts) == 2:
            one = self.fixtures / "kolada" / f"municipality_group_{parts[1]}.json"
            if not one.exists():
                raise ProblemError(404, "Not Found", "/".join(parts))
            return json.loads(one.read_text(encoding="utf-8"))
        body = json.loads((self.fixtures / "kolada" / "municipality_groups.json").read_text(encoding="utf-8"))
        title = query.get("title", [""])[0].lower()
        body["values"] = [g for g in body["values"] if title in g["title"].lower()]
        body["count"] = len(body["values"])
        return body

    # -------------------------------------------------------------- HTTP
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: Any) -> None:
                pass

            def handle(self) -> None:
                try:
                    super().handle()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (its time-out, a cut-off body): nothing to answer

            def do_GET(self) -> None:
                self._answer("GET")

            def do_POST(self) -> None:
                self._answer("POST")

            def _fault(self, path: str, query: str) -> Fault | None:
                with server._lock:
                    for prefix, fault in server.faults.items():
                        if fault.query_contains and fault.query_contains not in query:
                            continue
                        if path.startswith(prefix):
                            if fault.times is not None:
                                if fault.times <= 0:
                                    continue
                                fault.times -= 1
                            return fault
                return None

            def _answer(self, method: str) -> None:
                url = urlsplit(self.path)
                path, query = url.path, parse_qs(url.query)
                server.requests.append((method, path))
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}") if length else {}
                fault = self._fault(path, url.query)
                if fault and fault.delay:
                    time.sleep(min(fault.delay, 0.2))
                if fault and fault.hang:
                    server._released.wait(30)  # the client gives up first; the test's end lets go
                    self.close_connection = True
                    return
                if fault and fault.status:
                    headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                    self._send(fault.status, json.dumps({"title": "Fault", "status": fault.status,
                                                         "detail": "played by the test server"}).encode(),
                               "application/problem+json", headers)
                    return
                try:
                    payload, ctype = self._route(method, path, query, body)
                except ProblemError as problem:
                    self._send(problem.status, json.dumps({"title": problem.title, "status": problem.status,
                                                           "detail": problem.detail}).encode(),
                               "application/problem+json")
                    return
                if fault and fault.transform:
                    payload = fault.transform(payload)
                data = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
                if fault and fault.truncate:
                    self.send_response(200)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(data)))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self._send(200, data, ctype)

            def _route(self, method: str, path: str, query: dict[str, list[str]],
                       body: dict[str, Any]) -> tuple[Any, str]:
                if path == "/scb/config":
                    return SCB_CONFIG, "application/json"
                if path == "/scb/tables":
                    return server.scb_search(query.get("query", [""])[0]), "application/json"
                if path.startswith("/scb/tables/"):
                    parts = path.split("/")  # '', scb, tables, id, what
                    table, what = parts[3], parts[4] if len(parts) > 4 else ""
                    if what == "metadata":
                        return copy.deepcopy(server._scb_table(table)["metadata"]), "application/json"
                    if what == "data" and method == "POST":
                        return server.scb_data(table, body), "application/json"
                    raise ProblemError(404, "Not Found", path)
                if path.startswith("/kolada/"):
                    return server.kolada(path[len("/kolada"):], query), "application/json"
                if path.startswith("/tvv/"):
                    file = server.fixtures / "tillvaxtverket" / Path(path).name
                    if not file.exists():
                        raise ProblemError(404, "Not Found", path)
                    return file.read_bytes(), "text/plain; charset=iso-8859-1"
                raise ProblemError(404, "Not Found", path)

            def _send(self, status: int, data: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler
