"""Russian NER: the pipeline's entities_ru.parquet against gold, beside bare natasha.

    python -m pipeline.evaluation.ner_ru --corpus collection5 [--limit N]
"""
from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.evaluation.common import lf_text, run_pipeline, save_report, score_spans, write_corpus

LABELS = ["PER", "ORG", "LOC"]
COLLECTION5_TYPES = {"PER": "PER", "ORG": "ORG", "MEDIA": "ORG", "LOC": "LOC", "GEOPOLIT": "LOC"}


def load_collection5(data: Path, limit: int | None = None):
    """Documents (LF text) and gold spans (doc, start, end, label)."""
    docs, gold = {}, set()
    with gzip.open(data / "collection5" / "ne5.raw.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            source = json.loads(line)["source"]
            doc_id = f"ne5_{source['id']}"
            text, mapping = lf_text(source["text"])
            docs[doc_id] = text
            for span in source["spans"]:
                gold.add((doc_id, mapping[span["start"]], mapping[span["stop"]],
                          COLLECTION5_TYPES[span["type"]]))
            if limit and len(docs) >= limit:
                break
    return docs, gold


def bare_natasha(docs: dict[str, str]) -> tuple[set, float]:
    from pipeline.ner_natasha import as_documented, models

    models()
    started = time.perf_counter()
    pred = {(doc_id, e["start"], e["end"], e["label"])
            for doc_id, text in docs.items() for e in as_documented(text)}
    return pred, time.perf_counter() - started


def evaluate(corpus: str, data: Path, limit: int | None = None) -> dict:
    loaders = {"collection5": load_collection5}
    if corpus == "factrueval":
        from pipeline.evaluation.factrueval import load_factrueval
        loaders[corpus] = load_factrueval
    docs, gold = loaders[corpus](data, limit)
    input_dir = write_corpus(f"ner_ru_{corpus}", docs)
    started = time.perf_counter()
    output = run_pipeline(f"ner_ru_{corpus}", input_dir, ["ingest", "language", "ner_ru"])
    pipeline_seconds = time.perf_counter() - started
    table = pq.read_table(output / "entities_ru.parquet").to_pylist()
    pred = {(r["doc_id"], r["start"], r["end"], r["label"]) for r in table}
    bare, bare_seconds = bare_natasha(docs)
    report = {
        "corpus": corpus, "documents": len(docs),
        "pipeline": score_spans(gold, pred, LABELS),
        "bare_natasha": score_spans(gold, bare, LABELS),
        "pipeline_seconds": round(pipeline_seconds, 1), "bare_seconds": round(bare_seconds, 1),
        "disagreements": len(pred ^ {x for x in bare if x[-1] in LABELS}),
    }
    save_report(f"ner_ru_{corpus}", report)
    return report


def print_report(report: dict) -> None:
    print(f"{report['corpus']}: {report['documents']} documents, exact span + label")
    print(f"{'':10}{'pipeline P/R/F1':>24}{'bare natasha P/R/F1':>26}")
    for label in LABELS + ["micro"]:
        p, b = report["pipeline"][label], report["bare_natasha"][label]
        print(f"{label:10}{p['precision']:8.3f}{p['recall']:8.3f}{p['f1']:8.3f}"
              f"{b['precision']:10.3f}{b['recall']:8.3f}{b['f1']:8.3f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="collection5", choices=["collection5", "factrueval"])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    print_report(evaluate(args.corpus, args.data, args.limit))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
