"""Event links, claim groups and conflicts, measured by hand-judged pairs.

`tests/data/event_pairs.tsv`: pairs of documents of the seeds and of Collection5 (development
text), each judged same event or not by reading both, with a one-line reason. Scored: the
precision and recall of sanaq's event links on those pairs. On Collection5 (1,000 RIA texts,
dates read from each text's date line where it has one): the share of cross-document groups
whose documents share a specific name, the number of conflicts, and their precision on the
hand-checked verdicts of `tests/data/conflicts_collection5.tsv` (a conflict not judged there is
reported as such, never counted right).

    python -m pipeline.evaluation.events [--seeds-outputs DIR] [--c5-outputs DIR]

Without the output folders it runs the pipeline (about 5 minutes on 2 cores for Collection5).
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.config import load_config
from pipeline.evaluation.common import EVAL_DIR, lf_text, prf, run_pipeline, save_report
from pipeline.stages.groups import run_links

PAIRS = Path("tests/data/event_pairs.tsv")
CONFLICTS = Path("tests/data/conflicts_collection5.tsv")
SEEDS = Path("seeds")
C5_FILE = "ne5"                                     # doc_ids ne5#<id>
DATE_LINE = re.compile(r"^(\d\d)/(\d\d)/(\d{4}) (\d\d):(\d\d)$", re.M)


def collection5_archive(data: Path, folder: Path) -> Path:
    """Collection5 as a JSON Lines archive; a text's date line ("04/08/2008 12:08") is its
    `published`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{C5_FILE}.jsonl"
    with gzip.open(data / "collection5" / "ne5.raw.jsonl.gz", "rt", encoding="utf-8") as handle, \
            open(path, "w", encoding="utf-8") as out:
        for line in handle:
            source = json.loads(line)["source"]
            text = lf_text(source["text"])[0]
            row = {"id": source["id"], "text": text}
            date = DATE_LINE.search(text[:400])
            if date:
                day, month, year, hour, minute = date.groups()
                row["published"] = f"{year}-{month}-{day}T{hour}:{minute}:00Z"
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def doc_id(source: str, raw: str) -> str:
    return f"{C5_FILE}#{raw}" if source == "collection5" else raw


def read_pairs(path: Path = PAIRS) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [{**r, "a": doc_id(r["source"], r["doc_a"]), "b": doc_id(r["source"], r["doc_b"]),
             "same": r["same_event"] == "1"} for r in rows]


def links_of(outputs: Path):
    files = {"ingest": "documents", "language": "segments", "ner_ru": "entities_ru", "ner_kk": "entities_kk",
             "numbers": "numbers"}
    return run_links(lambda name: pq.read_table(outputs / f"{files[name]}.parquet"), load_config())


def score_pairs(pairs: list[dict], links) -> dict:
    predicted = [p for p in pairs if links.linked(p["a"], p["b"])]
    tp = sum(p["same"] for p in predicted)
    errors = [f"{'FP' if not p['same'] else 'FN'} {p['a']} {p['b']}: {p['reason']}"
              for p in pairs if links.linked(p["a"], p["b"]) != p["same"]]
    return {**prf(tp, len(predicted), sum(p["same"] for p in pairs)), "pairs": len(pairs), "errors": errors}


def conflict_pairs(groups: list[dict]) -> list[dict]:
    """Each conflict once (it is stored on both of its groups)."""
    seen, out = set(), []
    for g in groups:
        for c in g["conflicts"]:
            key = tuple(sorted((c["claim_id"], c["other_claim_id"])))
            if key not in seen:
                seen.add(key)
                out.append(c)
    return out


def read_verdicts(path: Path = CONFLICTS) -> dict[tuple, bool]:
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as handle:
        return {tuple(sorted((r["claim_id"], r["other_claim_id"]))): r["real"] == "1"
                for r in csv.DictReader(handle, delimiter="\t")}


def score_groups(outputs: Path, links) -> dict:
    groups = pq.read_table(outputs / "claim_groups.parquet").to_pylist()
    cross = [g for g in groups if g["n_docs"] > 1]
    # independent of the links: the documents' own entity normal forms, any label
    names: dict[str, set] = {}
    for name in ("entities_ru", "entities_kk"):
        for e in pq.read_table(outputs / f"{name}.parquet", columns=["doc_id", "label", "normal"]).to_pylist():
            key = links.rules.key(e["normal"] or "", e["label"])
            if key:
                names.setdefault(e["doc_id"], set()).add(key)
    sharing = sum(all(names.get(a, set()) & names.get(b, set()) for a in g["doc_ids"] for b in g["doc_ids"] if a < b)
                  for g in cross)
    conflicts = conflict_pairs(groups)
    verdicts = read_verdicts()
    judged = [verdicts[tuple(sorted((c["claim_id"], c["other_claim_id"])))] for c in conflicts
              if tuple(sorted((c["claim_id"], c["other_claim_id"]))) in verdicts]
    return {"groups": len(groups), "cross_document_groups": len(cross),
            "cross_sharing_a_name": round(sharing / len(cross), 4) if cross else 1.0,
            "conflicts": len(conflicts), "conflicts_judged": len(judged), "conflicts_real": sum(judged),
            "conflict_precision": round(sum(judged) / len(judged), 4) if judged else None,
            "conflicts_unjudged": [(c["claim_id"], c["other_claim_id"], c["sentence"], c["other_sentence"])
                                   for c in conflicts
                                   if tuple(sorted((c["claim_id"], c["other_claim_id"]))) not in verdicts]}


def evaluate(data: Path, seeds_outputs: Path | None = None, c5_outputs: Path | None = None) -> dict:
    if seeds_outputs is None:
        folder = EVAL_DIR / "events_seeds" / "input"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(SEEDS, folder)
        seeds_outputs = run_pipeline("events_seeds", folder, [])
    if c5_outputs is None:
        c5_outputs = run_pipeline("events_collection5",
                                  collection5_archive(data, EVAL_DIR / "events_collection5" / "input").parent, [])
    pairs = read_pairs()
    seeds_links, c5_links = links_of(seeds_outputs), links_of(c5_outputs)
    scored = score_pairs([p for p in pairs if p["source"] == "seeds"], seeds_links)
    c5_scored = score_pairs([p for p in pairs if p["source"] == "collection5"], c5_links)
    tp = scored["tp"] + c5_scored["tp"]
    pred, gold = scored["pred"] + c5_scored["pred"], scored["gold"] + c5_scored["gold"]
    report = {"pairs": {**prf(tp, pred, gold), "n": len(pairs), "same_event": gold},
              "pairs_seeds": scored, "pairs_collection5": c5_scored,
              "collection5": score_groups(c5_outputs, c5_links)}
    save_report("events", report)
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--seeds-outputs", type=Path)
    parser.add_argument("--c5-outputs", type=Path)
    parser.add_argument("--show", action="store_true", help="print the misjudged pairs and unjudged conflicts")
    args = parser.parse_args(argv)
    r = evaluate(args.data, args.seeds_outputs, args.c5_outputs)
    p, c = r["pairs"], r["collection5"]
    print(f"event links on {p['n']} judged pairs ({p['same_event']} same event): "
          f"P {p['precision']:.3f} R {p['recall']:.3f}")
    print(f"Collection5: {c['cross_document_groups']} cross-document groups, {c['cross_sharing_a_name']:.3f} share "
          f"a specific name; {c['conflicts']} conflicts, {c['conflicts_real']} of {c['conflicts_judged']} judged real")
    if args.show:
        for line in r["pairs_seeds"]["errors"] + r["pairs_collection5"]["errors"]:
            print(" ", line)
        for unjudged in c["conflicts_unjudged"]:
            print("  unjudged conflict", unjudged)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
