"""The hand-annotated claim gold set: its documents, built from the development sources only.

`tests/data/claims_dev_docs.tsv` names each document and where its text comes from:
- `nerel:SPLIT/ID`: a NEREL v1.1 train or dev document, CRLF read as LF (as ingest does);
- `kaznerd:valid/N`: the N-th block of 40 KazNERD IOB2_valid.txt sentences, detokenised as the
  numeric evaluation builds them (documents `kaznerd_valid_NNNN`);
- `apertium:PATH`: a raw Kazakh text under apertium-kaz/texts/;
- `seed:NAME`: a file of seeds/.
The texts are rebuilt from ../shared/data at evaluation time; the repository keeps only the
annotations (`tests/data/claims_gold_*.tsv`), each a figure as written and its occurrence.

    python -m pipeline.evaluation.claims_dev build OUT_DIR     # one .txt per gold document
    python -m pipeline.evaluation.claims_dev locate DOC_ID 'FIGURE'
    python -m pipeline.evaluation.claims_dev check tests/data/claims_gold_ru_1.tsv
"""
from __future__ import annotations

import csv
import sys
from functools import lru_cache
from pathlib import Path

from pipeline.evaluation.common import lf_text
from pipeline.evaluation.numeric import load_kaznerd

DOCS = Path("tests/data/claims_dev_docs.tsv")
SEEDS = Path("seeds")


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@lru_cache(maxsize=1)
def _kaznerd_valid(data: Path) -> dict[str, str]:
    return load_kaznerd(data, "valid")[0]


def document_text(source: str, data: Path) -> str:
    kind, _, where = source.partition(":")
    if kind == "nerel":
        split, doc = where.split("/")
        raw = (data / "nerel" / "NEREL-v1.1" / split / f"{doc}.txt").read_text(encoding="utf-8")
        return lf_text(raw)[0]
    if kind == "kaznerd":
        split, block = where.split("/")
        return _kaznerd_valid(data)[f"kaznerd_{split}_{int(block):04d}"]
    if kind == "apertium":
        return lf_text((data / "apertium-kaz" / "texts" / where).read_text(encoding="utf-8"))[0]
    if kind == "seed":
        return (SEEDS / where).read_text(encoding="utf-8")
    raise ValueError(f"unknown source {source!r} in {DOCS}")


def documents(data: Path) -> dict[str, tuple[str, str]]:
    """doc_id -> (lang, text)."""
    return {row["doc_id"]: (row["lang"], document_text(row["source"], data)) for row in read_tsv(DOCS)}


def occurrence(text: str, figure: str, nth: int) -> int:
    """Start of the nth (1-based) occurrence of `figure` in `text`; -1 if there is none."""
    start = -1
    for _ in range(nth):
        start = text.find(figure, start + 1)
        if start < 0:
            return -1
    return start


GOLD_COLUMNS = ["doc_id", "figure", "nth", "is_claim", "kind", "value", "qualifier", "unit", "object",
                "object_head", "subject", "change", "change_role", "note"]
CLAIM_KINDS = {"count", "money", "percent", "ratio", "measure", "duration"}
OTHER_KINDS = {"date", "year", "time", "phone", "ordinal", "age", "code", "name", "label", "list", "period",
               "reference", "other"}
QUALIFIERS = {"exact", "more_than", "less_than", "approx", "at_least", "at_most", "several"}


def problems(path: Path, docs: dict[str, tuple[str, str]]) -> list[str]:
    """What is wrong with a gold file: unknown documents, figures not found, bad field values."""
    out = []
    rows = read_tsv(path)
    if rows and list(rows[0]) != GOLD_COLUMNS:
        return [f"columns must be {GOLD_COLUMNS}, not {list(rows[0])}"]
    for i, row in enumerate(rows, 1):
        where = f"row {i} ({row['doc_id']} {row['figure']!r})"
        if row["doc_id"] not in docs:
            out.append(f"{where}: unknown document")
            continue
        if not row["nth"].isdigit() or occurrence(docs[row["doc_id"]][1], row["figure"], int(row["nth"])) < 0:
            out.append(f"{where}: occurrence {row['nth']} not in the text")
        if row["is_claim"] == "1":
            if row["kind"] not in CLAIM_KINDS:
                out.append(f"{where}: claim kind {row['kind']!r}")
            try:
                float(row["value"])
            except ValueError:
                out.append(f"{where}: value {row['value']!r}")
            if row["qualifier"] not in QUALIFIERS:
                out.append(f"{where}: qualifier {row['qualifier']!r}")
            if row["change"] not in ("", "up", "down") or row["change_role"] not in ("", "by", "to", "from"):
                out.append(f"{where}: change {row['change']!r}/{row['change_role']!r}")
            if bool(row["object"]) != bool(row["object_head"]):
                out.append(f"{where}: object and object_head go together")
        elif row["is_claim"] != "0" or row["kind"] not in OTHER_KINDS:
            out.append(f"{where}: is_claim {row['is_claim']!r} kind {row['kind']!r}")
    return out


def main(argv: list[str]) -> None:
    data = Path("../shared/data")
    if argv[0] == "build":
        out = Path(argv[1])
        out.mkdir(parents=True, exist_ok=True)
        for doc_id, (_, text) in documents(data).items():
            (out / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    elif argv[0] == "locate":
        text = documents(data)[argv[1]][1]
        figure, nth, start = argv[2], 1, text.find(argv[2])
        while start >= 0:
            print(f"nth={nth} start={start}: ...{text[max(0, start - 60):start + len(figure) + 60]!r}...")
            nth, start = nth + 1, text.find(figure, start + 1)
    elif argv[0] == "check":
        found = problems(Path(argv[1]), documents(data))
        print("\n".join(found) or f"{argv[1]}: fine")
        sys.exit(1 if found else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
