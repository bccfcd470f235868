"""`make eval`: every evaluation through `sanaq run`, one scoreboard.

Reports on the test splits, and on the hand-annotated claim set (docs/claims-gold.md), which is
built from development sources only and says so in its rows; development happens on the dev
splits with the per-module commands (see each module's docstring). Each evaluation writes outputs/eval/<name>.json and the
scoreboard goes to outputs/eval/scoreboard.json; `--only` reruns some parts and keeps the
other parts' rows from the last scoreboard.

    python -m pipeline.evaluation [--data ../shared/data] [--only ner_ru,ner_kk,numeric,claims,events]
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from pipeline.evaluation import claims, events, ner_kk, ner_ru, numeric
from pipeline.evaluation.common import REPORT_DIR

VALUES_SAMPLE = Path("tests/data/numeric_values_dev.tsv")
UNITS_SAMPLE = Path("tests/data/numeric_units_dev.tsv")       # figures with a unit of measure
PARTS = ("ner_ru", "ner_kk", "numeric", "claims", "events")
CLAIM_TARGETS = {"ru": {"object": 0.85, "speaker": 0.90, "change": 0.90, "whole": 0.65},
                 "kk": {"object": 0.75, "speaker": 0.90, "change": 0.90, "whole": 0.65}}


def scoreboard(data: Path, parts: tuple[str, ...]) -> list[dict]:
    """One row per measured figure: what, on which set, sanaq's score and the bare tool's."""
    rows = []
    part = ""

    def add(task, corpus, metric, ours, bare=None, target=None):
        rows.append({"part": part, "task": task, "corpus": corpus, "metric": metric, "sanaq": ours,
                     "bare": bare, "target": target})

    part = "ner_ru"
    if "ner_ru" in parts:
        for corpus in ("collection5", "factrueval"):
            r = ner_ru.evaluate(corpus, data)
            for label in ner_ru.LABELS + ["micro"]:
                add("NER ru", corpus, f"{label} F1", r["pipeline"][label]["f1"],
                    r["bare_natasha"][label]["f1"], "bare - 0.005" if label == "micro" else None)
    part = "ner_kk"
    if "ner_kk" in parts:
        r = ner_kk.evaluate(data / "kaznerd")
        s = r["scores"]["micro"]
        add("NER kk", "KazNERD test", "micro P", s["precision"])
        add("NER kk", "KazNERD test", "micro R", s["recall"])
        add("NER kk", "KazNERD test", "micro F1", s["f1"], r.get("bare_stanza_f1"), 0.88)
    part = "numeric"
    if "numeric" in parts:
        for corpus, split in (("nerel", "test"), ("kaznerd", "test")):
            r = numeric.evaluate(corpus, split, data)
            name = "NEREL test" if corpus == "nerel" else "KazNERD test"
            add("numeric claims", name, "recall", r["recall"], target=0.90)
            add("numeric claims", name, "precision", r["precision"], target=0.90)
            add("numeric claims", name, "exact-boundary F1", r["exact"]["f1"])
        r = numeric.normalisation(VALUES_SAMPLE, data)
        add("normalisation", f"{r['spans']} hand-checked dev spans", "value accuracy", r["accuracy"],
            target=0.97)
        r = numeric.normalisation(UNITS_SAMPLE, data)
        add("normalisation", f"{r['units']} hand-checked spans with units", "value accuracy", r["accuracy"])
        add("normalisation", f"{r['units']} hand-checked spans with units", "unit accuracy", r["unit_accuracy"])
    part = "claims"
    if "claims" in parts:
        for lang, r in claims.evaluate(data).items():
            name = f"{r['claims']} dev claims, {lang}"
            add("claims", name, "detection recall", r["detection"]["recall"])
            add("claims", name, "detection precision", r["detection"]["precision"])
            for field in claims.FIELDS + ("whole",):
                add("claims", name, f"{field} right", r[field], target=CLAIM_TARGETS[lang].get(field))
    part = "events"
    if "events" in parts:
        r = events.evaluate(data)
        name = f"{r['pairs']['n']} judged pairs"
        add("event links", name, "pair precision", r["pairs"]["precision"], target=0.9)
        add("event links", name, "pair recall", r["pairs"]["recall"], target=0.7)
        c = r["collection5"]
        add("claim groups", "Collection5, 1,000 texts", "cross-doc share a name", c["cross_sharing_a_name"], target=0.9)
        add("claim groups", "Collection5, 1,000 texts", "conflicts", c["conflicts"], target=10)
        if c["conflict_precision"] is not None:
            add("claim groups", "Collection5, 1,000 texts", "conflict precision", c["conflict_precision"])
    return rows


def print_scoreboard(rows: list[dict]) -> None:
    print(f"\n{'task':16}{'corpus':34}{'metric':22}{'sanaq':>8}{'bare':>8}{'target':>14}")
    for r in rows:
        bare = f"{r['bare']:.3f}" if r["bare"] is not None else ""
        target = r["target"] if isinstance(r["target"], str) else (
            f"{r['target']:.2f}" if r["target"] is not None else "")
        print(f"{r['task']:16}{r['corpus']:34}{r['metric']:22}{r['sanaq']:8.3f}{bare:>8}{target:>14}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated: {', '.join(PARTS)}")
    args = parser.parse_args(argv)
    parts = tuple(p for p in args.only.split(",") if p)
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    started = time.perf_counter()
    fresh = scoreboard(args.data, parts)
    board = REPORT_DIR / "scoreboard.json"
    earlier = json.loads(board.read_text()) if board.exists() else []
    rows = [row for p in PARTS for row in (fresh if p in parts else earlier) if row.get("part") == p]
    print_scoreboard(rows)
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    board.write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    print(f"\n{time.perf_counter() - started:.0f} s; reports in {REPORT_DIR}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
