"""factRuEval-2016 as documents and gold spans: an object's span runs from its first part to
its last ("Александр Вертинский" = name + surname). LocOrg counts as LOC; Project and Facility
are not scored, as in natasha's own evaluation.
"""
from __future__ import annotations

from pathlib import Path

from pipeline.evaluation.common import lf_text

TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}


def _records(path: Path):
    """Lines 'id field field ... # comment' as their fields before the comment."""
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if fields:
            yield fields


def load_factrueval(data: Path, limit: int | None = None, split: str = "testset"):
    """Documents (LF text) and gold spans (doc, start, end, label)."""
    folder = data / "factrueval" / split
    docs, gold = {}, set()
    for txt in sorted(p for p in folder.glob("*.txt") if p.with_suffix(".spans").exists())[:limit]:
        doc_id = f"factru_{txt.stem}"
        raw = txt.read_bytes().decode("utf-8-sig")
        text, mapping = lf_text(raw)
        docs[doc_id] = text
        spans = {f[0]: (int(f[2]), int(f[2]) + int(f[3]))
                 for f in _records(txt.with_suffix(".spans"))}
        for fields in _records(txt.with_suffix(".objects")):
            label = TYPES.get(fields[1])
            if label is None:
                continue
            parts = [spans[s] for s in fields[2:]]
            gold.add((doc_id, mapping[min(a for a, _ in parts)], mapping[max(b for _, b in parts)], label))
    return docs, gold
