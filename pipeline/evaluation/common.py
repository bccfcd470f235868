"""Scoring and corpus plumbing shared by the evaluations."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from pipeline.config import load_config
from pipeline.runner import Runner

EVAL_DIR = Path("build/eval")
REPORT_DIR = Path("outputs/eval")


def lf_text(text: str) -> tuple[str, list[int]]:
    """The text as sanaq ingests it (CRLF -> LF), and old offset -> new offset."""
    mapping, out, i = [], [], 0
    while i < len(text):
        mapping.append(len(out))
        if text[i] == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            mapping.append(len(out))
            out.append("\n")
            i += 2
            continue
        out.append("\n" if text[i] == "\r" else text[i])
        i += 1
    mapping.append(len(out))
    return "".join(out), mapping


def write_corpus(name: str, docs: dict[str, str]) -> Path:
    folder = EVAL_DIR / name / "input"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for doc_id, text in docs.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return folder


def run_pipeline(name: str, input_dir: Path, stages: list[str]) -> Path:
    """The same path as `sanaq run STAGES --input ... --output ...`."""
    output = EVAL_DIR / name / "outputs"
    Runner(config=load_config(), input_dir=input_dir, output_dir=output).run(stages)
    return output


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "pred": n_pred, "gold": n_gold}


def score_spans(gold: set[tuple], pred: set[tuple], labels: list[str]) -> dict:
    """Exact span and label; tuples are (doc, start, end, label)."""
    out = {}
    for label in labels:
        g = {x for x in gold if x[-1] == label}
        p = {x for x in pred if x[-1] == label}
        out[label] = prf(len(g & p), len(p), len(g))
    g = {x for x in gold if x[-1] in labels}
    p = {x for x in pred if x[-1] in labels}
    out["micro"] = prf(len(g & p), len(p), len(g))
    return out


def save_report(name: str, report: dict) -> Path:
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    path = REPORT_DIR / f"{name}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True))
    return path
