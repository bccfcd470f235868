"""Parquet schemas and atomic, deterministic Parquet I/O."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ENTITY = pa.struct([("text", pa.string()), ("label", pa.string()), ("start", pa.int64()),
                    ("end", pa.int64())])

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("doc_id", pa.string()), ("path", pa.string()), ("text", pa.string()),
        ("sha256", pa.string()), ("n_chars", pa.int64()), ("encoding", pa.string()),
        ("status", pa.string()), ("error", pa.string()),
    ]),
    "segments": pa.schema([
        ("doc_id", pa.string()), ("sent_id", pa.int64()), ("para_id", pa.int64()),
        ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
        ("lang", pa.string()), ("lang_conf", pa.float64()),
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
        ("num_start", pa.int64()), ("num_end", pa.int64()),
    ]),
    "claims": pa.schema([
        ("claim_id", pa.string()), ("doc_id", pa.string()), ("lang", pa.string()),
        ("sent_id", pa.int64()), ("start", pa.int64()), ("end", pa.int64()),
        ("text", pa.string()), ("value", pa.float64()), ("qualifier", pa.string()),
        ("unit", pa.string()), ("object", pa.string()), ("object_start", pa.int64()),
        ("object_end", pa.int64()), ("object_lemma", pa.string()), ("subject", pa.string()),
        ("entities", pa.list_(ENTITY)), ("sentence", pa.string()),
        ("object_key", pa.string()), ("group_id", pa.string()),
    ]),
    "claim_groups": pa.schema([
        ("group_id", pa.string()), ("value", pa.float64()), ("qualifier", pa.string()),
        ("unit", pa.string()), ("object_key", pa.string()), ("n_claims", pa.int64()),
        ("n_docs", pa.int64()), ("langs", pa.list_(pa.string())),
        ("doc_ids", pa.list_(pa.string())), ("subjects", pa.list_(pa.string())),
        ("objects", pa.list_(pa.string())), ("conflict", pa.bool_()),
        ("conflict_values", pa.list_(pa.float64())),
    ]),
}


def to_table(rows: list[dict], schema_name: str) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=SCHEMAS[schema_name])


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write to a temporary file beside `path`, then rename: a reader (or a killed run)
    sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd", write_statistics=False)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read(path: Path) -> pa.Table:
    return pq.read_table(path)
