"""Average the weights `train_kk_ner --snapshot-every` wrote, and keep the best average.

Each candidate is the mean of the last K snapshots of each run given (runs warm-started from one
model share its basin, so their weights can be averaged). Candidates are scored on the
early-stopping slice of IOB2_valid.txt, the same slice training stops on; the test split is
never read.

    python -m pipeline.training.average_kk_ner --base models/stanza-kk-ner \\
        --runs build/soup-1-work/snapshots build/soup-2-work/snapshots --out build/kk-ner-avg
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from pipeline.evaluation.common import score_spans
from pipeline.evaluation.ner_kk import bare_stanza, sentence_gold
from pipeline.kk_ner import MODEL_FILE, PRETRAIN_FILE
from pipeline.training.kaznerd import read_conll
from pipeline.training.train_kk_ner import split


def averaged(paths: list[Path]) -> dict:
    import torch

    states = [torch.load(p, map_location="cpu", weights_only=True) for p in paths]
    return {k: (sum(s[k] for s in states) / len(states)) if states[-1][k].is_floating_point()
            else states[-1][k] for k in states[-1]}


def slice_f1(model_dir: Path, sentences) -> float:
    """Exact span and label, scored as `make eval-kk-ner` scores the bare model."""
    gold = sentence_gold(sentences)
    pred, _ = bare_stanza(sentences, str(model_dir))
    return score_spans(gold, pred, sorted({span[-1] for span in gold | pred}))["micro"]["f1"]


def write_model(base: Path, state: dict, out: Path) -> None:
    import torch

    params = torch.load(base / MODEL_FILE, map_location="cpu", weights_only=False)
    params["model"] = {**params["model"], **state}
    out.mkdir(parents=True, exist_ok=True)
    torch.save(params, out / MODEL_FILE, _use_new_zipfile_serialization=False)
    shutil.copyfile(base / PRETRAIN_FILE, out / PRETRAIN_FILE)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/kaznerd"))
    parser.add_argument("--base", type=Path, required=True, help="the model the runs started from")
    parser.add_argument("--runs", type=Path, nargs="+", required=True, help="snapshot folders")
    parser.add_argument("--last", type=int, nargs="+", default=[4, 8, 12, 16, 24],
                        help="numbers of final snapshots per run to try")
    parser.add_argument("--dev-block", type=int, default=40)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)

    _, dev = split(read_conll(args.data / "IOB2_valid.txt"), args.dev_block)
    runs = [sorted(run.glob("step_*.pt")) for run in args.runs]
    results = [{"candidate": "base", "f1": slice_f1(args.base, dev)}]
    print(f"base: slice F1 {results[0]['f1']:.4f}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for k in args.last:
            for which, chosen in ([(f"run {i + 1}", [run]) for i, run in enumerate(runs)]
                                  + ([("all runs", runs)] if len(runs) > 1 else [])):
                paths = [p for run in chosen for p in run[-k:]]
                candidate = Path(tmp) / f"{which}-{k}".replace(" ", "_")
                write_model(args.base, averaged(paths), candidate)
                f1 = slice_f1(candidate, dev)
                results.append({"candidate": f"{which}, last {k}", "snapshots": [str(p) for p in paths],
                                "f1": f1})
                print(f"{which}, last {k} snapshots: slice F1 {f1:.4f}", flush=True)
        best = max(results, key=lambda r: r["f1"])
        print(f"best: {best['candidate']} ({best['f1']:.4f})")
        if best["candidate"] != "base":
            write_model(args.base, averaged([Path(p) for p in best["snapshots"]]), args.out)
            (args.out / "averaging.json").write_text(json.dumps({"chosen": best, "tried": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
