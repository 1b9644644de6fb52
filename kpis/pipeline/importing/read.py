"""Bytes → header and rows. CSV (comma or semicolon; UTF-8 with or without BOM, or Windows-1252 as Swedish
Excel saves it) and XLSX. Nothing is guessed silently: a file that cannot be read gives a problem."""

from __future__ import annotations

import csv
import io
import re
import zipfile
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


_CELL_REF = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The part name of the workbook's first sheet, from the workbook's own relationships."""
    from defusedxml.ElementTree import fromstring

    workbook = fromstring(archive.read("xl/workbook.xml"))
    first = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target", "") for r in rels if first is not None and r.get("Id") == first.get(f"{_REL}id")),
                  "worksheets/sheet1.xml")
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def outside_cell(data: bytes, width: int, rows: int) -> str | None:
    """The first cell with content beyond the header's ``width`` columns or below ``rows`` rows (its reference,
    e.g. ``XFD1048576``), read from the sheet's XML as it streams by; None when there is none."""
    from defusedxml.ElementTree import iterparse

    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(_first_sheet(archive)) as sheet:
        for _event, element in iterparse(sheet, events=("end",)):
            if element.tag == f"{_MAIN}c":
                match = _CELL_REF.match(element.get("r", ""))
                has_value = any(child.tag in (f"{_MAIN}v", f"{_MAIN}is", f"{_MAIN}f") and
                                ("".join(child.itertext()).strip()) for child in element)
                if match and has_value and (_column_number(match.group(1)) > width or int(match.group(2)) > rows):
                    return element.get("r")
                element.clear()
            elif element.tag == f"{_MAIN}row":
                element.clear()
    return None


def read_file(data: bytes, name: str) -> Table:
    """Read an uploaded or given file; size, emptiness and encoding problems are reported, not raised."""
    if len(data) > MAX_BYTES:
        return Table(name, problems=[_problem(name, "read_too_big", size=f"{len(data) / 1024 / 1024:.1f}")])
    if not data.strip():
        return Table(name, problems=[_problem(name, "read_empty")])
    is_xlsx = data[:4] == b"PK\x03\x04" or name.lower().endswith(".xlsx")
    table = read_xlsx(data, name) if is_xlsx else read_csv(data, name)
    if is_xlsx and not table.problems and table.header:
        width = len([c for c in table.header if c.strip()]) or len(table.header)
        try:
            found = outside_cell(data, width, MAX_ROWS + 1)
        except Exception as err:
            table.problems.append(_problem(name, "read_bad_xlsx", error=type(err).__name__))
        else:
            if found:
                # A value outside what is read is never dropped without a word: the whole file is refused.
                table.problems.append(_problem(name, "read_outside_bounds", cell=found, columns=width,
                                               rows=MAX_ROWS))
    if not table.problems and not table.rows:
        table.problems.append(_problem(name, "read_no_rows"))
    return table
