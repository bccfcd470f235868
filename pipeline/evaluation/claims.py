"""Claims against the hand-annotated dev gold set (docs/claims-gold.md), per language:
detection, then each field of the found claims, then whole claims right.

    python -m pipeline.evaluation.claims [--show ru] [--field object]

The documents are built from ../shared/data (pipeline.evaluation.claims_dev) and run through
`sanaq run` like every other evaluation; `--show` prints the gold claims a field gets wrong.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.evaluation.claims_dev import documents, occurrence, read_tsv
from pipeline.evaluation.common import prf, run_pipeline, save_report, write_corpus

GOLD_FILES = "tests/data/claims_gold_*.tsv"
FIELDS = ("value", "qualifier", "unit", "object", "speaker", "change")
STAGES = ["ingest", "language", "tokens", "ner_ru", "ner_kk", "numbers", "claims"]
STEM = 5     # name words agree when they share this many first letters ("Нарбаевтың" / "Нарбаев")


def load_gold(docs: dict[str, tuple[str, str]]) -> list[dict]:
    gold = []
    for path in sorted(Path().glob(GOLD_FILES)):
        for row in read_tsv(path):
            text = docs[row["doc_id"]][1]
            start = occurrence(text, row["figure"], int(row["nth"]))
            if start < 0:
                raise ValueError(f"{path}: {row['figure']!r} (occurrence {row['nth']}) not in {row['doc_id']}")
            gold.append({**row, "lang": docs[row["doc_id"]][0], "start": start,
                         "end": start + len(row["figure"])})
    return gold


def _words(name: str | None) -> list[str]:
    return re.findall(r"\w+", (name or "").lower().replace("ё", "е"))


def same_speaker(gold: str, predicted: str | None) -> bool:
    g, p = _words(gold), _words(predicted)
    if not g or not p:
        return not g and not p
    return any(a[:STEM] == b[:STEM] and min(len(a), len(b)) >= min(STEM, len(a), len(b))
               for a in g for b in p if len(a) > 2 and len(b) > 2) or g == p


def _head(lemma: str | None) -> str:
    return (lemma or "").lower().replace("ё", "е").strip()


def field_right(field: str, gold: dict, claim: dict) -> bool:
    if field == "value":
        g = float(gold["value"])
        return abs(claim["value"] - g) <= 0.005 * max(abs(g), 1e-9) if claim["value"] is not None else False
    if field == "qualifier":
        return claim["qualifier"] == gold["qualifier"]
    if field == "unit":
        return (claim["unit"] or "") == gold["unit"]
    if field == "object":
        return _head(claim["object_head"]) == _head(gold["object_head"])
    if field == "speaker":
        return same_speaker(gold["subject"], claim["subject"])
    return (claim["change"] or "", claim["change_role"] or "") == (gold["change"], gold["change_role"])


def _overlapping(span: dict, rows: list[dict]) -> list[dict]:
    return [r for r in rows if r["doc_id"] == span["doc_id"] and r["start"] < span["end"] and span["start"] < r["end"]]


def score(gold: list[dict], claims: list[dict], lang: str) -> dict:
    gold_claims = [g for g in gold if g["lang"] == lang and g["is_claim"] == "1"]
    gold_all = [g for g in gold if g["lang"] == lang]
    ours = [c for c in claims if c["lang"] == lang and c["doc_id"] in {g["doc_id"] for g in gold_all}]
    pairs = []
    for g in gold_claims:
        found = _overlapping(g, ours)
        if found:
            pairs.append((g, min(found, key=lambda c: (abs(c["start"] - g["start"]), c["start"]))))
    true_claims = sum(1 for c in ours if any(g["is_claim"] == "1" for g in _overlapping(c, gold_all)))
    report = {"detection": {**prf(len(pairs), len(ours), len(gold_claims)),
                            "precision": round(true_claims / len(ours), 4) if ours else 0.0}}
    for field in FIELDS:
        right = sum(field_right(field, g, c) for g, c in pairs)
        report[field] = round(right / len(pairs), 4) if pairs else 0.0
    whole = sum(all(field_right(f, g, c) for f in FIELDS) for g, c in pairs)
    report["whole"] = round(whole / len(gold_claims), 4) if gold_claims else 0.0
    report["claims"] = len(gold_claims)
    report["errors"] = {f: [(g["doc_id"], g["figure"], _gold_field(f, g), _our_field(f, c))
                            for g, c in pairs if not field_right(f, g, c)] for f in FIELDS}
    report["missed"] = [(g["doc_id"], g["figure"]) for g in gold_claims if not _overlapping(g, ours)]
    return report


def _gold_field(field: str, g: dict):
    return {"object": g["object_head"], "speaker": g["subject"],
            "change": f"{g['change']}/{g['change_role']}"}.get(field, g.get(field))


def _our_field(field: str, c: dict):
    return {"object": c["object_head"], "speaker": c["subject"],
            "change": f"{c['change'] or ''}/{c['change_role'] or ''}"}.get(field, c.get(field))


def evaluate(data: Path) -> dict:
    docs = documents(data)
    gold = load_gold(docs)
    folder = write_corpus("claims_dev", {doc_id: text for doc_id, (_, text) in docs.items()})
    output = run_pipeline("claims_dev", folder, STAGES)
    claims = pq.read_table(output / "claims.parquet").to_pylist()
    report = {lang: score(gold, claims, lang) for lang in ("ru", "kk")}
    save_report("claims_dev", report)
    return report


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--show", choices=["ru", "kk"])
    parser.add_argument("--field", choices=FIELDS + ("missed",), default="object")
    args = parser.parse_args(argv)
    report = evaluate(args.data)
    for lang, r in report.items():
        d = r["detection"]
        print(f"{lang}: {r['claims']} gold claims, recall {d['recall']:.3f} precision {d['precision']:.3f}  "
              + "  ".join(f"{f} {r[f]:.3f}" for f in FIELDS) + f"  whole {r['whole']:.3f}")
    if args.show:
        r = report[args.show]
        for row in (r["missed"] if args.field == "missed" else r["errors"][args.field]):
            print("  ", *row, sep="\t")


if __name__ == "__main__":
    main()
