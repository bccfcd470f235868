"""Kazakh NER on the KazNERD test split, through `sanaq run` exactly as users run it.

The test sentences become documents (40 sentences each, one per line, tokens joined by spaces);
the pipeline segments, detects languages, tokenises and tags them, and its entities_kk.parquet is
scored against the gold spans by exact characters and label. GPE and LOCATION count as LOC.

    python -m pipeline.evaluation.ner_kk [--data ../shared/data/kaznerd] [--limit N]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.evaluation.common import run_pipeline, save_report, score_spans, write_corpus
from pipeline.config import load_config, resolve
from pipeline.kk_ner import bioes_spans, tag, unify_label
from pipeline.training.kaznerd import as_documents, iob_spans, read_conll

def sentence_gold(sentences) -> set[tuple]:
    """KazNERD's own spans by token: (sentence, first, last, label), GPE and LOCATION as LOC."""
    return {(i, a, b, unify_label(label)) for i, sent in enumerate(sentences)
            for a, b, label in iob_spans([t for _, t in sent])}


def bare_stanza(sentences, model_dir: str | None = None) -> tuple[set[tuple], float]:
    """A model (the configured one by default) on KazNERD's own tokens in one call:
    (sentence, first, last, label), and the seconds it took."""
    model_dir = model_dir or str(resolve(load_config()["ner_kk"]["model_dir"]))
    tag([[sentences[0][0][0]]], model_dir)         # load outside the timing
    started = time.perf_counter()
    tags = tag([[token for token, _ in sent] for sent in sentences], model_dir)
    seconds = time.perf_counter() - started
    return {(i, a, b, unify_label(label)) for i, sent_tags in enumerate(tags)
            for a, b, label in bioes_spans(sent_tags)}, seconds


def evaluate(data: Path, limit: int | None = None) -> dict:
    sentences = read_conll(data / "IOB2_test.txt")[:limit]
    docs, spans = as_documents(sentences, "kaznerd_test")
    gold = {(doc, start, end, unify_label(label)) for doc, start, end, label in spans}
    n_tokens = sum(map(len, sentences))
    input_dir = write_corpus("ner_kk_kaznerd", docs)
    stages = ["ingest", "language", "tokens", "ner_kk"]
    started = time.perf_counter()
    output = run_pipeline("ner_kk_kaznerd", input_dir, stages)
    seconds = time.perf_counter() - started
    pred = {(r["doc_id"], r["start"], r["end"], r["label"])
            for r in pq.read_table(output / "entities_kk.parquet").to_pylist()}
    labels = sorted({g[-1] for g in gold})
    segments = pq.read_table(output / "segments.parquet").to_pylist()
    bare, bare_seconds = bare_stanza(sentences)
    bare_scores = score_spans(sentence_gold(sentences), bare, labels)
    report = {
        "corpus": "KazNERD IOB2_test.txt", "sentences": len(sentences), "documents": len(docs),
        "tokens": n_tokens, "scores": score_spans(gold, pred, labels),
        "segments_not_kk": sum(1 for s in segments if s["lang"] != "kk"),
        "pipeline_seconds": round(seconds, 1), "bare_stanza": bare_scores["micro"],
        "bare_stanza_f1": bare_scores["micro"]["f1"], "bare_stanza_seconds": round(bare_seconds, 1),
    }
    save_report("ner_kk_kaznerd", report)
    return report


def print_report(report: dict) -> None:
    print(f"KazNERD test: {report['sentences']} sentences in {report['documents']} documents, "
          f"exact span + label ({report['segments_not_kk']} segments not routed to Kazakh)")
    print(f"{'label':16}{'P':>8}{'R':>8}{'F1':>8}{'gold':>8}")
    for label, s in report["scores"].items():
        print(f"{label:16}{s['precision']:8.3f}{s['recall']:8.3f}{s['f1']:8.3f}{s['gold']:8d}")
    print(f"bare stanza on KazNERD's own tokens: micro-F1 {report['bare_stanza_f1']:.3f}; "
          f"pipeline {report['pipeline_seconds']} s (4 stages), bare tagging {report['bare_stanza_seconds']} s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/kaznerd"))
    parser.add_argument("--limit", type=int, default=None, help="first N test sentences only")
    args = parser.parse_args(argv)
    print_report(evaluate(args.data, args.limit))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
