"""`sanaq export`: an output table as CSV, JSON Lines or an Excel workbook, for spreadsheets
and scripts.

CSV is UTF-8 with a byte-order mark, without which Excel reads Cyrillic as cp1251. Lists and
structs (a claim's `entities`, a group's `doc_ids`) are JSON text in CSV and Excel cells and
native in JSON Lines; timestamps are ISO 8601 in UTC. The same table gives the same bytes.
"""
from __future__ import annotations

import csv
import json
import math
import os
from datetime import datetime
from pathlib import Path
from typing import Iterator

import pyarrow as pa

from pipeline.errors import UsageError
from pipeline.filters import Filters
from pipeline.outputs import read_output

EXPORTABLE = ("claims", "entities", "groups")
EXCEL_CELL_LIMIT = 32767        # characters (UTF-16 code units) in one cell
EXCEL_MAX_ROWS = 1048576        # the header's row included
TRUNCATED = " … [truncated for Excel]"
WORKBOOK_CREATED = datetime(2000, 1, 1)     # fixed, so that the workbook's bytes do not depend on the day


def _json_value(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_value)


def _number(value: float) -> str:
    """5000 rather than 5000.0: what a person types and a spreadsheet reads."""
    return str(int(value)) if math.isfinite(value) and value.is_integer() else repr(value)


def cell_text(value) -> str:
    """A value as the text of a CSV or Excel cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return _json(value)
    return str(value)


def excel_text(text: str) -> str:
    """Text that fits an Excel cell, cut with a marker where it does not (Excel refuses the file
    otherwise). Excel counts UTF-16 code units: a character beyond the BMP counts two."""
    units = text.encode("utf-16-le")
    if len(units) // 2 <= EXCEL_CELL_LIMIT:
        return text
    keep = EXCEL_CELL_LIMIT - len(TRUNCATED)
    return units[:2 * keep].decode("utf-16-le", errors="ignore") + TRUNCATED


def _rows(table: pa.Table) -> Iterator[dict]:
    for batch in table.to_batches(max_chunksize=1000):
        yield from batch.to_pylist()


def write_csv(table: pa.Table, path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.column_names)
        for row in _rows(table):
            writer.writerow([cell_text(value) for value in row.values()])


def write_jsonl(table: pa.Table, path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for row in _rows(table):
            handle.write(_json(row) + "\n")


def write_xlsx(table: pa.Table, path: Path, sheet: str) -> None:
    import xlsxwriter

    if len(table) >= EXCEL_MAX_ROWS:
        raise UsageError(f"{len(table):,} rows do not fit an Excel sheet ({EXCEL_MAX_ROWS - 1:,} at most): "
                         "export csv or jsonl, or narrow the rows with --since, --until, --source or --lang")
    # each cell is written by its type: no text is taken for a formula, a number or a link
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                               "strings_to_numbers": False, "strings_to_urls": False})
    workbook.set_properties({"created": WORKBOOK_CREATED})
    worksheet = workbook.add_worksheet(sheet)
    worksheet.freeze_panes(1, 0)
    worksheet.write_row(0, 0, table.column_names, workbook.add_format({"bold": True}))
    for r, row in enumerate(_rows(table), start=1):
        for c, value in enumerate(row.values()):
            if value is None:
                continue
            if isinstance(value, bool):
                worksheet.write_boolean(r, c, value)
            elif isinstance(value, (int, float)) and math.isfinite(value):
                worksheet.write_number(r, c, value)
            else:
                worksheet.write_string(r, c, excel_text(cell_text(value)))
    workbook.close()


FORMATS = {"csv": lambda table, path, name: write_csv(table, path),
           "jsonl": lambda table, path, name: write_jsonl(table, path),
           "xlsx": write_xlsx}


def export(output_dir: Path, name: str, fmt: str, path: Path, filters: Filters = Filters()) -> int:
    """Writes output table `name`'s rows that pass `filters` to `path`; returns how many. The
    file appears whole or not at all."""
    if name not in EXPORTABLE:
        raise UsageError(f"cannot export '{name}'; choose one of: {', '.join(EXPORTABLE)}")
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}'; choose one of: {', '.join(FORMATS)}")
    table = filters.apply(output_dir, name, read_output(output_dir, name))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        FORMATS[fmt](table, partial, name)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return len(table)
