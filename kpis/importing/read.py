"""Bytes → header and rows. CSV (comma or semicolon; UTF-8 with or without BOM, or Windows-1252 as Swedish
Excel saves it) and XLSX. Nothing is guessed silently: a file that cannot be read gives a problem."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from kpis.seed import Problem

MAX_BYTES = 10 * 1024 * 1024
UTF8_PAIR = re.compile(rb"[\xc2\xc3][\x80-\xbf]")  # å ä ö é … as UTF-8 bytes, inside a non-UTF-8 file
CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


@dataclass
class Table:
    """A file's header (as written) and its data rows, each with the line or row number it had."""

    name: str
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _problem(name: str, sv: str, en: str, row: int | None = None, column: str | None = None) -> Problem:
    return Problem(name, row, column, sv, en)


def _decode(data: bytes, name: str) -> tuple[str | None, Problem | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        utf8_error = err
    bad = sorted({b for b in data if b in CP1252_UNDEFINED})
    if bad:
        return None, _problem(name, f"filen går inte att läsa som UTF-8 eller Windows-1252 (byte {bad[0]:#x})",
                              f"the file is neither UTF-8 nor Windows-1252 (byte {bad[0]:#x})")
    text = data.decode("cp1252")
    pair = UTF8_PAIR.search(data)
    if pair:
        line = data[: pair.start()].count(b"\n") + 1
        return None, _problem(name, "filen blandar teckenkodningar (UTF-8 och Windows-1252); spara om den som "
                                    "CSV UTF-8", "the file mixes encodings (UTF-8 and Windows-1252); save it again "
                                                 "as CSV UTF-8", row=line)
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
            if number == 1:
                table.header = cells
            elif any(c.strip() for c in cells):
                table.rows.append((reader.line_num, cells))
    except csv.Error as err:
        table.problems.append(_problem(name, f"filen är inte giltig CSV ({err})", f"the file is not valid CSV ({err})",
                                       row=reader.line_num))
    return table


def read_xlsx(data: bytes, name: str) -> Table:
    from openpyxl import load_workbook

    table = Table(name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        table.problems.append(_problem(name, f"Excel-filen går inte att öppna ({type(err).__name__})",
                                       f"the Excel file cannot be opened ({type(err).__name__})"))
        return table
    sheet = workbook.worksheets[0]
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_cell_text(v) for v in values]
        while cells and not cells[-1].strip():
            cells.pop()
        if number == 1:
            table.header = cells
        elif any(c.strip() for c in cells):
            table.rows.append((number, cells))
    workbook.close()
    return table


def read_file(data: bytes, name: str) -> Table:
    """Read an uploaded or given file; size, emptiness and encoding problems are reported, not raised."""
    if len(data) > MAX_BYTES:
        return Table(name, problems=[_problem(
            name, f"filen är {len(data) / 1024 / 1024:.1f} MB; högst 10 MB tas emot",
            f"the file is {len(data) / 1024 / 1024:.1f} MB; at most 10 MB is accepted")])
    if not data.strip():
        return Table(name, problems=[_problem(name, "filen är tom", "the file is empty")])
    table = read_xlsx(data, name) if data[:4] == b"PK\x03\x04" or name.lower().endswith(".xlsx") else read_csv(
        data, name)
    if not table.problems and not table.rows:
        table.problems.append(_problem(name, "filen har inga rader med värden under rubrikraden",
                                       "the file has no rows of values below its header"))
    return table
