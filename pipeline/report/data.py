"""The run's tables as the report needs them: only the columns it shows, and each claim's
`source` and `published` from claims.parquet, or from its document where an older run's
claims lack them (claim_groups' first and last dates likewise come from their claims)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.errors import UsageError

DOCUMENT_COLUMNS = ["doc_id", "text", "n_chars", "encoding", "status", "error", "title", "url",
                    "source", "published"]
CLAIM_COLUMNS = ["claim_id", "doc_id", "lang", "sent_id", "start", "end", "text", "value",
                 "qualifier", "unit", "object", "subject", "change", "group_id"]
GROUP_COLUMNS = ["group_id", "value", "qualifier", "unit", "object_key", "objects", "n_claims",
                 "n_docs", "langs", "subjects", "conflict", "conflict_values", "claim_ids", "conflicts"]
CLAIM_METADATA = ["source", "published"]
GROUP_DATES = ["first_published", "last_published"]


@dataclass
class RunTables:
    documents: list[dict]
    claims: list[dict]                      # each with its source and published
    groups: list[dict]
    entities: dict[str, list[tuple]]        # doc_id -> (start, end, label), in file order
    sentences: dict[str, list[tuple]]       # doc_id -> (sent_id, start, end)
    doc_langs: dict[str, str]               # doc_id -> the language most of its text is in
    n_entities: int


def _path(output_dir: Path, name: str) -> Path:
    path = output_dir / f"{name}.parquet"
    if not path.exists():
        raise UsageError(f"{path} is missing: run `sanaq run` before `sanaq report`")
    return path


def _rows(output_dir: Path, name: str, columns: list[str]) -> list[dict]:
    path = _path(output_dir, name)
    present = set(pq.read_schema(path).names)
    return pq.read_table(path, columns=[c for c in columns if c in present]).to_pylist()


def _columns(output_dir: Path, name: str, columns: list[str]) -> list[list]:
    """Columns as Python lists: far less memory than a dict per row for the large tables."""
    table = pq.read_table(_path(output_dir, name), columns=columns)
    return [table.column(c).to_pylist() for c in columns]


def _date_groups(groups: list[dict], claims: list[dict]) -> None:
    dates: dict[str, list] = {}
    for claim in claims:
        if claim["published"] is not None:
            dates.setdefault(claim["group_id"], []).append(claim["published"])
    for group in groups:
        dated = dates.get(group["group_id"])
        group["first_published"], group["last_published"] = (min(dated), max(dated)) if dated else (None, None)


def load(output_dir: Path) -> RunTables:
    documents = _rows(output_dir, "documents", DOCUMENT_COLUMNS)
    claims = _rows(output_dir, "claims", CLAIM_COLUMNS + CLAIM_METADATA)
    if claims and not all(column in claims[0] for column in CLAIM_METADATA):
        by_doc = {d["doc_id"]: d for d in documents}
        for claim in claims:
            doc = by_doc[claim["doc_id"]]
            claim.update({column: doc.get(column) for column in CLAIM_METADATA})
    groups = _rows(output_dir, "claim_groups", GROUP_COLUMNS + GROUP_DATES)
    # a claim's group is the one that lists it: a figure reported in two events is two groups
    group_of = {claim_id: g["group_id"] for g in groups for claim_id in g.get("claim_ids") or []}
    for claim in claims:
        claim["group_id"] = group_of.get(claim["claim_id"], claim["group_id"])
    if groups and not all(column in groups[0] for column in GROUP_DATES):
        _date_groups(groups, claims)
    entities: dict[str, list[tuple]] = {}
    n_entities = 0
    for name in ("entities_ru", "entities_kk"):
        doc_ids, starts, ends, labels = _columns(output_dir, name, ["doc_id", "start", "end", "label"])
        n_entities += len(doc_ids)
        for doc_id, start, end, label in zip(doc_ids, starts, ends, labels):
            entities.setdefault(doc_id, []).append((start, end, label))
    sentences: dict[str, list[tuple]] = {}
    letters: dict[str, Counter] = {}
    for doc_id, sent_id, start, end, lang in zip(*_columns(output_dir, "segments",
                                                           ["doc_id", "sent_id", "start", "end", "lang"])):
        sentences.setdefault(doc_id, []).append((sent_id, start, end))
        letters.setdefault(doc_id, Counter())[lang] += end - start
    doc_langs = {doc_id: count.most_common(1)[0][0] for doc_id, count in letters.items()}
    return RunTables(documents, claims, groups, entities, sentences, doc_langs, n_entities)
