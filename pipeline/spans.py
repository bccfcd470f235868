"""Small helpers over offset-bearing rows shared by several stages."""
from __future__ import annotations

from bisect import bisect_right

import pyarrow as pa


def by_doc(table: pa.Table) -> dict[str, list[dict]]:
    """Rows grouped by doc_id, in table order (documents keep their first-seen order)."""
    grouped: dict[str, list[dict]] = {}
    for row in table.to_pylist():
        grouped.setdefault(row["doc_id"], []).append(row)
    return grouped


def doc_texts(documents: pa.Table) -> dict[str, str]:
    """doc_id -> text as written, from documents.parquet (pipeline.analysis gives the text to
    analyse)."""
    columns = documents.select(["doc_id", "text"]).to_pydict()
    return dict(zip(columns["doc_id"], columns["text"]))


def sentence_of(starts: list[int], offset: int) -> int:
    """Index of the sentence (by sorted start offsets) that contains `offset`."""
    return max(0, bisect_right(starts, offset) - 1)


def documents_metadata(documents: pa.Table) -> dict[str, dict]:
    """doc_id -> the `published` and `source` of documents.parquet that its claims carry, so a
    figure can be dated and traced to its outlet."""
    columns = documents.select(["doc_id", "published", "source"]).to_pydict()
    return {doc_id: {"published": published, "source": source}
            for doc_id, published, source in zip(columns["doc_id"], columns["published"], columns["source"])}
