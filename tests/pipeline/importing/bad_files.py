"""Bad files for the import, each with what its message must say (Swedish, English) and where.

Shared by the unit tests, the command-line tests and the browser tests of the upload.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import Workbook

HEAD = "kpi;period;value;region;note\r\n"


@dataclass(frozen=True)
class BadFile:
    name: str
    data: bytes
    sv: str  # a part of the Swedish message
    en: str  # a part of the English message
    row: int | None = None
    column: str | None = None


def _csv(body: str, head: str = HEAD, encoding: str = "utf-8") -> bytes:
    return (head + body).encode(encoding)


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def bad_files() -> list[BadFile]:
    big = _csv("".join(f"events_held;{2000 + i % 100};1;;{'x' * 200}\r\n" for i in range(50_000)))
    mixed = HEAD.encode() + "events_held;2024;3;Östersund;ok\r\n".encode() + \
        "events_held;2025;4;Östersund;fel\r\n".encode("cp1252")
    return [
        BadFile("empty.csv", b"", "filen är tom", "the file is empty"),
        BadFile("blank.csv", b"\r\n  \r\n", "filen är tom", "the file is empty"),
        BadFile("header_only.csv", _csv(""), "inga rader med värden", "no rows of values"),
        BadFile("too_big.csv", big, "högst 10 MB", "at most 10 MB"),
        BadFile("no_value_column.csv", _csv("events_held;2024;;\r\n", head="kpi;period;region;note\r\n"),
                "kolumnen saknas", "the column is missing", 1, "value"),
        BadFile("no_kpi_period.csv", _csv("3\r\n", head="value\r\n"), "kolumnen saknas", "the column is missing",
                1, "kpi, period"),
        BadFile("unknown_column.csv", _csv("events_held;2024;3\r\n", head="kpi;period;value;vaule\r\n"),
                "okänd kolumn", "unknown column", 1, "vaule"),
        BadFile("twice_column.csv", _csv("events_held;2024;3;4\r\n", head="kpi;period;value;value\r\n"),
                "kolumnen finns två gånger", "the column appears twice", 1, "value"),
        BadFile("unknown_kpi.csv", _csv("evenemang;2024;3;;\r\n"), "okänt nyckeltal 'evenemang'",
                "unknown KPI 'evenemang'", 2, "kpi"),
        BadFile("published_kpi.csv", _csv("population;2024;65000;;\r\n"), "hämtas från en publicerad källa",
                "comes from a published source", 2, "kpi"),
        BadFile("unknown_region.csv", _csv("events_held;2024;3;Atlantis;\r\n"), "okänt område 'Atlantis'",
                "unknown region 'Atlantis'", 2, "region"),
        BadFile("month_for_year.csv", _csv("events_held;2024M03;3;;\r\n"), "perioden '2024M03' är inget år",
                "the period '2024M03' is not a year", 2, "period"),
        BadFile("short_year.csv", _csv("events_held;24;3;;\r\n"), "perioden '24' är inget år",
                "the period '24' is not a year", 2, "period"),
        BadFile("not_a_number.csv", _csv("events_held;2024;många;;\r\n"), "'många' är inget tal",
                "'många' is not a number", 2, "value"),
        BadFile("negative.csv", _csv("events_held;2024;-3;;\r\n"), "-3 är negativt", "-3 is negative", 2, "value"),
        BadFile("fraction.csv", _csv("events_held;2024;2,5;;\r\n"), "2,5 är inget heltal", "2,5 is not a whole number",
                2, "value"),
        BadFile("no_value.csv", _csv("events_held;2024;;;\r\n"), "värdet saknas", "the value is missing", 2, "value"),
        BadFile("duplicate_key.csv", _csv("events_held;2024;3;;\r\nevents_held;2024;4;2380;\r\n"),
                "samma nyckeltal, område och period som rad 2", "the same KPI, region and period as row 2",
                3, "period"),
        BadFile("formula_equals.csv", _csv("events_held;2024;=SUM(A1:A3);;\r\n"), "cellen börjar med '='",
                "the cell starts with '='", 2, "value"),
        BadFile("formula_plus.csv", _csv("events_held;2024;+1+2;;\r\n"), "cellen börjar med '+'",
                "the cell starts with '+'", 2, "value"),
        BadFile("formula_at.csv", _csv("events_held;2024;3;;@SUM(1)\r\n"), "cellen börjar med '@'",
                "the cell starts with '@'", 2, "note"),
        BadFile("formula_minus.csv", _csv("events_held;2024;3;;-2+3+cmd|' /C calc'!A0\r\n"),
                "cellen börjar med '-'", "the cell starts with '-'", 2, "note"),
        BadFile("mixed_encoding.csv", mixed, "blandar teckenkodningar", "mixes encodings", 2),
        BadFile("not_text.csv", HEAD.encode() + b"events_held;2024;3;\x81\x8d;\r\n", "går inte att läsa som UTF-8",
                "neither UTF-8 nor Windows-1252"),
        BadFile("targets_baseline_after.csv", _csv("events_held;2030;100;;2031;\r\n",
                                                   head="kpi;target_year;target_value;region;baseline_year;note\r\n"),
                "basåret 2031 måste ligga före målåret 2030", "the baseline year 2031 must come before", 2,
                "baseline_year"),
        BadFile("targets_bad_year.csv", _csv("events_held;20x0;100\r\n", head="kpi;target_year;target_value\r\n"),
                "'20x0' är inget år", "'20x0' is not a year", 2, "target_year"),
        BadFile("targets_monthly_kpi.csv", _csv("guest_nights_month;2030;100\r\n",
                                                head="kpi;target_year;target_value\r\n"),
                "mål sätts per år", "targets are set per year", 2, "kpi"),
        BadFile("targets_negative.csv", _csv("event_visitors;2030;-100\r\n", head="kpi;target_year;target_value\r\n"),
                "-100 är negativt", "-100 is negative", 2, "target_value"),
        BadFile("formula.xlsx", _xlsx([["kpi", "period", "value"], ["events_held", 2024, "=A1*2"]]),
                "cellen börjar med '='", "the cell starts with '='", 2, "value"),
        BadFile("text_number.xlsx", _xlsx([["kpi", "period", "value"], ["events_held", 2024, "tre"]]),
                "'tre' är inget tal", "'tre' is not a number", 2, "value"),
        BadFile("broken.xlsx", b"PK\x03\x04" + b"not really a workbook" * 10, "Excel-filen går inte att öppna",
                "the Excel file cannot be opened"),
    ]


def good_excel_csv() -> bytes:
    """What Swedish Excel writes: Windows-1252, semicolons, decimal comma, a region by name, trailing ;;."""
    return ("kpi;period;value;region;note;;\r\n"
            "event_visitors;2024;\"12 500\";Östersund;Storsjöyran med fler;;\r\n"
            "events_held;2024;41;;;;\r\n"
            "funded_projects_sek;2024;2500000,00;2380;ERUF, Region Jämtland Härjedalen;;\r\n"
            ";;;;;;\r\n").encode("cp1252")
