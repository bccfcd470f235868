"""Archives of articles, one a row: JSON Lines, CSV/TSV and Parquet, gzipped or not.

They are read row by row, so a file of any size streams, and a row that cannot be read (a
malformed JSON line, a CSV quote never closed) is reported where it is while the rows after it
are read on."""
from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import shutil
import tempfile
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

from pipeline.decode import BOMS, looks_binary, stream_encoding

SAMPLE = 1 << 16        # bytes read ahead to tell a file's encoding and whether it is text


class FileRejected(Exception):
    """The file as a whole is not an archive sanaq can read: one row says why."""

    def __init__(self, status: str, error: str):
        super().__init__(error)
        self.status, self.error = status, error


@dataclass
class Record:
    where: str                      # "line 7", "row 3 (line 9)": what a person looks for
    number: int                     # from 1, in file order (JSON Lines: the line's number)
    values: dict | None = None      # column -> value; None when the row could not be read
    status: str = "ok"              # why it could not: malformed, undecodable, too_large
    error: str | None = None
    encoding: str | None = None


def open_binary(path: Path, gzipped: bool) -> BinaryIO:
    """The file's bytes, unzipped as they are read (a few kB at a time, so that the lines before
    a cut in the file are read), buffered so that its start can be peeked at."""
    return gzip.open(path, "rb") if gzipped else open(path, "rb", buffering=SAMPLE)


def read_records(path: Path, fmt: str, gzipped: bool, columns: dict[str, str],
                 max_bytes: int) -> Iterator[Record]:
    """The file's rows. `columns` names the column of each part of an article (text, id, ...):
    Parquet reads no other, and a CSV or Parquet file without the text column is rejected."""
    if fmt == "parquet":
        yield from _parquet(path, gzipped, columns)
        return
    with open_binary(path, gzipped) as stream:
        sample = stream.peek(SAMPLE)[:SAMPLE]
        what = None if sample.startswith(tuple(bom for bom, _ in BOMS)) else looks_binary(sample)
        if what:
            raise FileRejected("binary", f"not a {fmt.upper()} file: looks like {what}")
        if fmt == "jsonl":
            yield from _jsonl(stream)
        else:
            yield from _csv(stream, sample, "\t" if fmt == "tsv" else None, columns["text"], max_bytes)


def _no_text_column(text_column: str, names: list[str]) -> FileRejected:
    return FileRejected("malformed", f"no '{text_column}' column (its columns: {', '.join(names)}); "
                                     "name the column of the text with --text-column")


def _jsonl(stream: BinaryIO) -> Iterator[Record]:
    for number, line in enumerate(stream, 1):
        if number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            values = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield Record(where, number, status="undecodable",
                         error=f"{where} is not valid UTF-8 (byte {exc.start + 1} of the line); "
                               "JSON Lines files are UTF-8")
            continue
        except json.JSONDecodeError as exc:
            yield Record(where, number, status="malformed",
                         error=f"{where} is not valid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(values, dict):
            yield Record(where, number, status="malformed",
                         error=f"{where} is a JSON {type(values).__name__}, not an object of fields")
            continue
        yield Record(where, number, values, encoding="utf-8")


class _Lines:
    """A text file's lines, numbered, with lines that must be read again pushed back."""

    def __init__(self, text: io.TextIOBase):
        self._source = enumerate(text, 1)
        self._again: deque = deque()

    def next(self) -> tuple[int, str] | None:
        return self._again.popleft() if self._again else next(self._source, None)

    def again(self, lines: list[tuple[int, str]]) -> None:
        self._again.extendleft(reversed(lines))


def _csv(stream: BinaryIO, sample: bytes, delimiter: str | None, text_column: str,
         max_bytes: int) -> Iterator[Record]:
    """A record is a line, or lines that an open quote joins. A quote that never closes, or a
    joined record with the wrong number of fields, is one malformed row, and reading goes on
    from the line after its first: one broken quote costs one row, not the rest of the file."""
    encoding = stream_encoding(sample)
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes))     # larger cells: too_large
    lines = _Lines(io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline=""))
    header = None
    row = 0
    while (first := lines.next()) is not None:
        if not first[1].strip():
            continue
        if delimiter is None:                   # Russian Excel writes ";"
            delimiter = max((",", ";", "\t"), key=first[1].count)
        joined, size, open_quote = [first], len(first[1]), first[1].count('"') % 2
        while open_quote and size <= max_bytes and (line := lines.next()) is not None:
            joined.append(line)
            size += len(line[1])
            open_quote ^= line[1].count('"') % 2
        row += header is not None
        span = f"line {first[0]}" if len(joined) == 1 else f"lines {first[0]}-{joined[-1][0]}"
        where = f"row {row} ({span})" if header is not None else f"the header ({span})"
        if open_quote and size > max_bytes:
            yield _too_long(lines, row, first[0], where, max_bytes)
            continue
        if open_quote:
            lines.again(joined[1:])
            yield Record(where, row, status="malformed",
                         error=f"{where}: a quote opened on line {first[0]} is never closed; "
                               "read on from the next line")
            continue
        try:
            fields = next(csv.reader([text for _, text in joined], delimiter=delimiter), [])
        except csv.Error as exc:
            yield Record(where, row, status="too_large" if "field limit" in str(exc) else "malformed",
                         error=f"{where}: {exc}")
            continue
        if header is None:
            header = [name.strip().lstrip("\ufeff") for name in fields]
            if text_column not in header:
                raise _no_text_column(text_column, header)
            continue
        if len(fields) > len(header) or (len(joined) > 1 and len(fields) != len(header)):
            if len(joined) > 1:
                lines.again(joined[1:])
            yield Record(where, row, status="malformed",
                         error=f"{where} has {len(fields)} fields where the header has "
                               f"{len(header)} (a stray quote or delimiter?)")
            continue
        values = dict(zip(header, fields))
        if any("\ufffd" in value for value in fields):
            yield Record(where, row, values, "repaired", f"{where}: bytes that are not valid "
                                                         f"{encoding} were replaced with U+FFFD", encoding)
            continue
        yield Record(where, row, values, encoding=encoding)


def _too_long(lines: _Lines, row: int, first_line: int, where: str, max_bytes: int) -> Record:
    """A quoted cell still open after max_bytes: skipped (not kept) to where its quote closes."""
    open_quote, last = True, first_line
    while open_quote and (line := lines.next()) is not None:
        open_quote ^= line[1].count('"') % 2
        last = line[0]
    if open_quote:
        return Record(where, row, status="malformed",
                      error=f"row {row}: a quote opened on line {first_line} never closes; lines "
                            f"{first_line}-{last}, the rest of the file, could not be read")
    return Record(f"row {row} (lines {first_line}-{last})", row, status="too_large",
                  error=f"row {row} (lines {first_line}-{last}) is over the ingest.max_bytes "
                        f"limit of {max_bytes} bytes")


def _parquet(path: Path, gzipped: bool, columns: dict[str, str]) -> Iterator[Record]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    with tempfile.TemporaryFile() if gzipped else open(path, "rb") as handle:
        if gzipped:                              # Parquet needs to seek: unzip to a temporary file
            with gzip.open(path, "rb") as unzipped:
                shutil.copyfileobj(unzipped, handle)
        try:
            table = pq.ParquetFile(handle)
        except (pa.ArrowException, OSError) as exc:
            raise FileRejected("unreadable", f"not a Parquet file pyarrow can read: {exc}") from None
        names = table.schema_arrow.names
        if columns["text"] not in names:
            raise _no_text_column(columns["text"], names)
        present = sorted({name for name in columns.values() if name in names})
        number = 0
        for batch in table.iter_batches(batch_size=256, columns=present):
            for values in batch.to_pylist():
                number += 1
                yield Record(f"row {number}", number, values, encoding="utf-8")
