"""Parquet schemas and atomic, deterministic Parquet I/O."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ENTITY = pa.struct([("text", pa.string()), ("label", pa.string()), ("start", pa.int64()),
                    ("end", pa.int64())])

# one side of a conflict: this group's claim, the other report's claim, and what links them
CONFLICT = pa.struct([
    ("claim_id", pa.string()), ("doc_id", pa.string()), ("value", pa.float64()), ("text", pa.string()),
    ("sentence", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
    ("published", pa.timestamp("us", tz="UTC")),
    ("other_claim_id", pa.string()), ("other_doc_id", pa.string()), ("other_value", pa.float64()),
    ("other_text", pa.string()), ("other_sentence", pa.string()), ("other_start", pa.int64()),
    ("other_end", pa.int64()), ("other_published", pa.timestamp("us", tz="UTC")),
    ("shared_entities", pa.list_(pa.string())),
])

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("doc_id", pa.string()), ("path", pa.string()), ("text", pa.string()),
        ("sha256", pa.string()), ("n_chars", pa.int64()), ("encoding", pa.string()),
        ("status", pa.string()), ("error", pa.string()), ("title", pa.string()),
        ("url", pa.string()), ("source", pa.string()), ("published", pa.timestamp("us", tz="UTC")),
        ("published_raw", pa.string()),
    ]),
    "segments": pa.schema([
        ("doc_id", pa.string()), ("sent_id", pa.int64()), ("para_id", pa.int64()),
        ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
        ("lang", pa.string()), ("lang_conf", pa.float64()), ("script", pa.string()),
    ]),
    "tokens": pa.schema([
        ("doc_id", pa.string()), ("sent_id", pa.int64()), ("token_id", pa.int64()),
        ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
        ("lang", pa.string()),
    ]),
    "entities": pa.schema([
        ("doc_id", pa.string()), ("sent_id", pa.int64()), ("start", pa.int64()),
        ("end", pa.int64()), ("text", pa.string()), ("label", pa.string()),
        ("normal", pa.string()), ("source", pa.string()),
    ]),
    "numbers": pa.schema([
        ("doc_id", pa.string()), ("sent_id", pa.int64()), ("lang", pa.string()),
        ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
        ("value", pa.float64()), ("qualifier", pa.string()), ("unit", pa.string()),
        ("kind", pa.string()), ("is_claim", pa.bool_()),
        ("num_start", pa.int64()), ("num_end", pa.int64()), ("range_end", pa.int64()),
        ("change", pa.string()), ("change_role", pa.string()),
    ]),
    "claims": pa.schema([
        ("claim_id", pa.string()), ("doc_id", pa.string()), ("lang", pa.string()),
        ("sent_id", pa.int64()), ("start", pa.int64()), ("end", pa.int64()),
        ("text", pa.string()), ("value", pa.float64()), ("qualifier", pa.string()),
        ("unit", pa.string()), ("object", pa.string()), ("object_start", pa.int64()),
        ("object_end", pa.int64()), ("object_lemma", pa.string()), ("object_head", pa.string()),
        ("subject", pa.string()), ("change", pa.string()), ("change_role", pa.string()),
        ("entities", pa.list_(ENTITY)), ("sentence", pa.string()),
        ("object_key", pa.string()), ("group_id", pa.string()),
        ("published", pa.timestamp("us", tz="UTC")), ("source", pa.string()),
    ]),
    "claim_groups": pa.schema([
        ("group_id", pa.string()), ("value", pa.float64()), ("qualifier", pa.string()),
        ("unit", pa.string()), ("object_key", pa.string()), ("n_claims", pa.int64()),
        ("n_docs", pa.int64()), ("langs", pa.list_(pa.string())),
        ("doc_ids", pa.list_(pa.string())), ("subjects", pa.list_(pa.string())),
        ("objects", pa.list_(pa.string())), ("conflict", pa.bool_()),
        ("conflict_values", pa.list_(pa.float64())),
        ("claim_ids", pa.list_(pa.string())), ("shared_entities", pa.list_(pa.string())),
        ("conflicts", pa.list_(CONFLICT)),
        ("first_published", pa.timestamp("us", tz="UTC")),
        ("last_published", pa.timestamp("us", tz="UTC")),
    ]),
}


class _NoPandas:
    """An import finder that refuses pandas (see arrow_without_pandas)."""

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "pandas":
            raise ImportError("pandas is not needed here")
        return None


def arrow_without_pandas() -> None:
    """pyarrow imports pandas (0.2-0.4 s) the first time it builds an array, only to ask whether
    the values are pandas objects, and a run never gives it any. Asked once with pandas out of
    reach, it answers no; a later conversion to or from pandas still imports it. For processes
    that run stages: `sanaq run` and its workers."""
    if "pandas" in sys.modules:
        return
    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(finder)


def to_table(rows: list[dict], schema_name: str) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=SCHEMAS[schema_name])


class AtomicWriter:
    """A Parquet file written to a temporary file beside `path` and renamed on commit: a reader
    (or a killed run) sees the old file or the new one, never half of one. Each table written
    becomes one row group (the batches of a per-document stage); doc_id keeps its min/max
    statistics so that a reader of some documents skips the other row groups."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        self.tmp, self.writer, self.n_rows = Path(tmp), None, 0

    def write(self, batch: pa.Table) -> None:
        if self.writer is None:
            stats = ["doc_id"] if "doc_id" in batch.schema.names else False
            self.writer = pq.ParquetWriter(self.tmp, batch.schema, compression="zstd",
                                           write_statistics=stats)
        self.writer.write_table(batch, row_group_size=max(1, batch.num_rows))
        self.n_rows += batch.num_rows

    def commit(self) -> int:
        """Returns the number of rows."""
        try:
            self.writer.close()
            with open(self.tmp, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(self.tmp, self.path)
        except BaseException:
            self.abort()
            raise
        return self.n_rows

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.tmp.unlink(missing_ok=True)


def write_atomic(batches: pa.Table | Iterable[pa.Table], path: Path) -> int:
    """A stage's table, or its batches (ingest gives one per batch of documents), as one file,
    a row group per batch; the rows are counted."""
    writer = AtomicWriter(path)
    try:
        for batch in [batches] if isinstance(batches, pa.Table) else batches:
            writer.write(batch)
    except BaseException:
        writer.abort()
        raise
    return writer.commit()


class RowsInOrder:
    """The rows of some input files (by their `path`: a file, or each article of an archive) of
    a Parquet file, read as they are asked for, in the file's order: an update's reused rows are
    never all in memory at once. A file asked for out of that order is not found (None), nor is
    any after it, so the caller reads them afresh: slower, never wrong."""

    def __init__(self, path: Path, paths: set[str]):
        self.paths = paths
        self._rows = (row for batch in pq.ParquetFile(path).iter_batches(batch_size=256)
                      for row in batch.to_pylist())
        self._next = next(self._rows, None)

    def __len__(self) -> int:
        return len(self.paths)

    def get(self, path: str) -> list[dict] | None:
        if path not in self.paths:
            return None
        while self._next is not None and self._next["path"] != path:
            self._next = next(self._rows, None)
        found = []
        while self._next is not None and self._next["path"] == path:
            found.append(self._next)
            self._next = next(self._rows, None)
        return found or None


def read(path: Path, only: list[str] | None = None) -> pa.Table:
    """The table, or its rows of the `only` documents: only the row groups whose doc_id range
    can hold them are read, so a batch's reads cost the batch, not the corpus."""
    if only is None:
        return pq.read_table(path)
    parquet = pq.ParquetFile(path)
    if not only:
        return parquet.schema_arrow.empty_table()
    lo, hi = min(only), max(only)
    column = parquet.schema_arrow.get_field_index("doc_id")
    groups = []
    for i in range(parquet.metadata.num_row_groups):
        stats = parquet.metadata.row_group(i).column(column).statistics
        if stats is None or not stats.has_min_max or not (stats.max < lo or stats.min > hi):
            groups.append(i)
    table = parquet.read_row_groups(groups) if groups else parquet.schema_arrow.empty_table()
    return table.filter(pc.is_in(table["doc_id"], pa.array(sorted(set(only)), pa.string())))
