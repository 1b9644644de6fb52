"""Bytes → header and rows. CSV (comma or semicolon; UTF-8 with or without BOM, or Windows-1252 as Swedish
Excel saves it) and XLSX. Nothing is guessed silently: a file that cannot be read gives a problem."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from kpis.core.problems import Problem

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000  # data rows read from one file; a file with more is refused, saying the limit
MAX_COLUMNS = 20  # cells read per row: a file of figures or targets has at most six columns
UTF8_PAIR = re.compile(rb"[\xc2\xc3][\x80-\xbf]")  # å ä ö é … as UTF-8 bytes, inside a non-UTF-8 file
CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


@dataclass
class Table:
    """A file's header (as written) and its data rows, each with the line or row number it had."""

    name: str
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _problem(name: str, key: str, row: int | None = None, column: str | None = None, **params: object) -> Problem:
    return Problem(key, params, name, row, column)


def _decode(data: bytes, name: str) -> tuple[str | None, Problem | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        utf8_error = err
    bad = sorted({b for b in data if b in CP1252_UNDEFINED})
    if bad:
        return None, _problem(name, "read_encoding", byte=f"{bad[0]:#x}")
    text = data.decode("cp1252")
    pair = UTF8_PAIR.search(data)
    if pair:
        line = data[: pair.start()].count(b"\n") + 1
        return None, _problem(name, "read_mixed_encodings", row=line)
    del utf8_error
    return text, None  # Windows-1252, as Swedish Excel saves "CSV (semikolonavgränsad)"


def _delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _take(table: Table, number: int, line: int, cells: list[str]) -> bool:
    """The header (first row) or a data row with any content; False once the row limit is passed."""
    if number == 1:
        table.header = cells
    elif any(c.strip() for c in cells):
        if len(table.rows) >= MAX_ROWS:
            table.problems.append(_problem(table.name, "read_too_many_rows", most=MAX_ROWS))
            return False
        table.rows.append((line, cells))
    return True


def read_csv(data: bytes, name: str) -> Table:
    table = Table(name)
    text, problem = _decode(data, name)
    if problem:
        table.problems.append(problem)
        return table
    assert text is not None
    lines = text.splitlines()
    if not lines:
        return table
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines[0]))
    try:
        for number, cells in enumerate(reader, start=1):
            if not _take(table, number, reader.line_num, cells[:MAX_COLUMNS + 1]):
                break
    except csv.Error as err:
        table.problems.append(_problem(name, "read_bad_csv", row=reader.line_num, error=str(err)[:200]))
    return table


def read_xlsx(data: bytes, name: str) -> Table:
    """The first sheet, read row by row in read-only mode, at most ``MAX_ROWS`` rows of ``MAX_COLUMNS`` cells.

    A sheet's claimed size (its ``dimension``) is never trusted: reading stops at the limits whatever it says.
    XML is parsed with defusedxml (openpyxl uses it when installed), so entity bombs are refused.
    """
    from openpyxl import load_workbook

    table = Table(name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as err:
        table.problems.append(_problem(name, "read_bad_xlsx", error=type(err).__name__))
        return table
    try:
        if not workbook.worksheets:
            table.problems.append(_problem(name, "read_no_sheet"))
            return table
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(min_row=1, max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS + 1, values_only=True)
        for number, values in enumerate(rows, start=1):
            cells = [_cell_text(v) for v in values]
            while cells and not cells[-1].strip():
                cells.pop()
            if not _take(table, number, number, cells):
                break
    except Exception as err:
        table.problems.append(_problem(name, "read_bad_xlsx", error=type(err).__name__))
    finally:
        workbook.close()
    return table


def read_file(data: bytes, name: str) -> Table:
    """Read an uploaded or given file; size, emptiness and encoding problems are reported, not raised."""
    if len(data) > MAX_BYTES:
        return Table(name, problems=[_problem(name, "read_too_big", size=f"{len(data) / 1024 / 1024:.1f}")])
    if not data.strip():
        return Table(name, problems=[_problem(name, "read_empty")])
    table = read_xlsx(data, name) if data[:4] == b"PK\x03\x04" or name.lower().endswith(".xlsx") else read_csv(
        data, name)
    if not table.problems and not table.rows:
        table.problems.append(_problem(name, "read_no_rows"))
    return table
