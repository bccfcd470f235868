"""Stage 1: one row per input file, or per article of an archive (JSON Lines, CSV, Parquet),
readable or not: nothing is silently lost."""
from __future__ import annotations

import csv
import gzip
import hashlib
import json
import zlib
from datetime import date
from pathlib import Path
from typing import Iterator

import pyarrow as pa

from pipeline import tables
from pipeline.archives import FileRejected, Record, read_records
from pipeline.dates import parse_published
from pipeline.decode import decode, html_to_text, is_html
from pipeline.inputs import ARCHIVES, file_ids, format_of
from pipeline.registry import StageContext, stage

PARTS = ("id", "text", "title", "url", "source", "published")   # ingest.<part>_column names each
READ_ERRORS = (OSError, EOFError, ValueError, zlib.error, csv.Error, pa.ArrowException)


def read_document(path: Path, doc_id: str, max_bytes: int, html: bool = False,
                  gzipped: bool = False) -> dict:
    """A text or HTML file (`html`: its visible text, whatever it looks like) as one document."""
    row = {"doc_id": doc_id, "path": str(path), "text": None, "sha256": None,
           "n_chars": 0, "encoding": None, "status": "ok", "error": None}
    try:
        data = _gunzip(path, max_bytes) if gzipped else _read(path, max_bytes)
    except _TooLarge as exc:
        row.update(status="too_large", error=str(exc))
        return row
    except (EOFError, zlib.error) as exc:
        row.update(status="unreadable", error=f"cannot unzip the file: {exc}")
        return row
    except OSError as exc:
        row.update(status="unreadable", error=f"cannot read the file: {exc.strerror or exc}")
        return row
    row["sha256"] = hashlib.sha256(data).hexdigest()
    decoded = decode(data)
    row.update(encoding=decoded.encoding, status=decoded.status, error=decoded.error)
    text = decoded.text
    if text is None:
        return row
    text = _newlines(text)
    if html or is_html(text):
        text = html_to_text(text)
        row["encoding"] = f"{decoded.encoding}+html"
    if not text.strip():
        row.update(status="empty", error="the file holds only whitespace"
                   if data else "the file is empty")
    row.update(text=text, n_chars=len(text))
    return row


class _TooLarge(Exception):
    pass


def _read(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise _TooLarge(f"{size} bytes is over the ingest.max_bytes limit of {max_bytes}")
    return path.read_bytes()


def _gunzip(path: Path, max_bytes: int) -> bytes:
    """The unzipped bytes, never more than max_bytes of them in memory (a zip bomb is too_large)."""
    with gzip.open(path, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _TooLarge(f"over the ingest.max_bytes limit of {max_bytes} bytes once unzipped")
    return data


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def read_archive(path: Path, relative: str, file_id: str, fmt: str, gzipped: bool,
                 params: dict) -> Iterator[dict]:
    """One row per article of the file, as `article` makes it. A file that cannot be read at all,
    holds no rows, or stops being readable part way, also gets a row (doc_id: the file's id)."""
    columns = {part: params[f"{part}_column"] for part in PARTS}
    seen: set[str] = set()
    last = None
    try:
        for record in read_records(path, fmt, gzipped, columns, params["max_bytes"]):
            last = record.where
            yield article(record, path, relative, file_id, columns, seen, params["max_bytes"])
    except FileRejected as exc:
        yield _file_row(path, file_id, exc.status, f"{relative}: {exc.error}")
        return
    except READ_ERRORS as exc:
        where = f"past {last}" if last else "the file"
        yield _file_row(path, file_id, "unreadable", f"{relative}: cannot read {where}: {exc}")
        return
    if last is None:
        yield _file_row(path, file_id, "empty", f"{relative}: the file holds no rows")


def _file_row(path: Path, file_id: str, status: str, error: str) -> dict:
    return {"doc_id": file_id, "path": str(path), "n_chars": 0, "status": status, "error": error}


def article(record: Record, path: Path, relative: str, file_id: str, columns: dict[str, str],
            seen: set[str], max_bytes: int) -> dict:
    """A row of an archive as a document. Its doc_id is `<file id>#<id>`, or `<file id>@<row>`
    (its row number; JSON Lines: its line) when it has no id or repeats an earlier row's.
    The title, where given, is the text's first paragraph: text = title + "\\n\\n" + body."""
    values = record.values or {}
    part = {name: values.get(column) for name, column in columns.items()}
    key = _string(part["id"])
    repeated = key is not None and f"{file_id}#{key}" in seen
    doc_id = f"{file_id}#{key}" if key is not None and not repeated else f"{file_id}@{record.number}"
    seen.add(doc_id)
    row = {"doc_id": doc_id, "path": str(path), "n_chars": 0, "encoding": record.encoding,
           "status": record.status, "title": _title(part["title"]), "url": _string(part["url"]),
           "source": _string(part["source"]), "published_raw": _raw(part["published"])}
    errors = [f"{relative}: {record.error}"] if record.error else []
    if record.values is None:
        return {**row, "error": errors[0]}
    row["sha256"] = hashlib.sha256(json.dumps(part, sort_keys=True, ensure_ascii=False,
                                              default=str).encode()).hexdigest()
    if row["published_raw"] is not None:
        row["published"] = parse_published(part["published"])
        if row["published"] is None:
            errors.append(f"{relative}: {record.where}: '{row['published_raw']}' is not a date "
                          "sanaq reads, so published is null (published_raw keeps it)")
    body = _newlines(_string(part["text"], strip=False) or "")
    size = len(body.encode("utf-8"))
    if repeated:
        row["status"] = "duplicate"
        errors.append(f"{relative}: {record.where} repeats the id '{key}' of an earlier row "
                      "and is not analysed")
    elif size > max_bytes:
        row["status"] = "too_large"
        errors.append(f"{relative}: {record.where}: its text is {size} bytes, over the "
                      f"ingest.max_bytes limit of {max_bytes}")
        body = ""
    elif not body.strip():
        row["status"] = "empty"
        errors.append(f"{relative}: {record.where} has no text in its '{columns['text']}' column")
    if is_html(body):
        body = html_to_text(body)
        row["encoding"] = f"{record.encoding}+html"
    if body.strip():
        text = f"{row['title']}\n\n{body}" if row["title"] else body
        row.update(text=text, n_chars=len(text))
    return {**row, "error": "; ".join(errors) or None}


def _string(value, strip: bool = True) -> str | None:
    """A cell as text: None for a missing or blank one."""
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return (text.strip() if strip else text) if text.strip() else None


def _title(value) -> str | None:
    """One line: the title is the text's first paragraph."""
    text = _string(value)
    return " ".join(text.split()) if text else None


def _raw(value) -> str | None:
    if isinstance(value, date):
        return value.isoformat()
    return _string(value)


def read_input(path: Path, relative: str, file_id: str, params: dict) -> Iterator[dict]:
    fmt, gzipped = format_of(path.name)
    if fmt in ARCHIVES:
        yield from read_archive(path, relative, file_id, fmt, gzipped, params)
    else:
        yield read_document(path, file_id, params["max_bytes"], fmt == "html", gzipped)


@stage("ingest", "documents.parquet", reads_input=True,
       modules=("pipeline.decode", "pipeline.inputs", "pipeline.archives", "pipeline.dates"))
def ingest(ctx: StageContext):
    """Batches of run.batch_documents rows, each a row group, so that neither this stage nor a
    later one reading some documents holds the corpus. Files unchanged since the last run (the
    runner's `reusable`, by path) keep their rows unread."""
    ctx.set_total(len(ctx.inputs))
    batch = ctx.config["run"]["batch_documents"]
    ids = file_ids(ctx.inputs)
    rows = []
    for relative in ctx.inputs:
        path = ctx.input_dir / relative
        for row in ctx.reusable.get(str(path)) or read_input(path, relative, ids[relative], ctx.params):
            rows.append(row)
            if len(rows) == batch:
                yield tables.to_table(rows, "documents")
                rows = []
        ctx.progress(1)
    if rows or not ctx.inputs:
        yield tables.to_table(rows, "documents")
