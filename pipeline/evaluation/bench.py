"""`make bench`: the pipeline's speed per stage beside bare natasha and bare stanza.

Corpus: the 1,000 Collection5 texts, the NEREL texts, and KazNERD valid sentences grouped into
Kazakh documents of 40. Each stage runs forced in its own process (so its peak memory is its
own); the whole pipeline also runs once, forced; bare stanza NER (pretokenised) runs on the
Kazakh sentences in one process; on Collection5, the whole pipeline and bare natasha (segment,
morph, NER, normal forms, as its documentation runs it, in one process) take turns three times
and the medians are compared. Then: an unchanged rerun and a rerun after adding one document
(against the full run), and peak memory of a full run on 100 documents against 1,000 (10x), both
four parts Collection5 to one part KazNERD so that every model loads in both, with batches of
100 documents. Peak memory is the largest single process (ru_maxrss).

    python -m pipeline.evaluation.bench [--data ../shared/data] [--workers N]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from pipeline.evaluation.common import EVAL_DIR, lf_text, save_report, write_corpus
from pipeline.registry import STAGE_MODULES
from pipeline.training.kaznerd import as_documents, read_conll

BARE_NATASHA = """
import sys, time, pathlib
from pipeline.ner_natasha import as_documented, models
models()
texts = [p.read_text() for p in sorted(pathlib.Path(sys.argv[1]).glob('ne5_*.txt'))]
t = time.perf_counter()
for text in texts:
    as_documented(text)
print(time.perf_counter() - t)
"""

BARE_STANZA = """
import sys, time, json
from pipeline.kk_ner import load_pipeline
sentences = json.load(open(sys.argv[1]))
nlp = load_pipeline(sys.argv[2])
t = time.perf_counter()
nlp(sentences)
print(time.perf_counter() - t)
"""


def build_corpus(data: Path) -> tuple[Path, list[list[str]], dict]:
    docs = {}
    with gzip.open(data / "collection5" / "ne5.raw.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            source = json.loads(line)["source"]
            docs[f"ne5_{source['id']}"] = lf_text(source["text"])[0]
    for path in sorted((data / "nerel" / "NEREL-v1.1").glob("*/*.txt")):
        docs[f"nerel_{path.parent.name}_{path.stem}"] = path.read_text(encoding="utf-8")
    sentences = read_conll(data / "kaznerd" / "IOB2_valid.txt")
    kk_tokens = [[tok for tok, _ in s] for s in sentences]
    docs.update(as_documents(sentences, "kaznerd")[0])
    folder = write_corpus("bench", docs)
    counts = {"ru_docs": sum(1 for d in docs if not d.startswith("kaznerd")),
              "kk_docs": sum(1 for d in docs if d.startswith("kaznerd")),
              "chars": sum(len(t) for t in docs.values()), "docs": len(docs),
              "ne5_docs": sum(1 for d in docs if d.startswith("ne5_")),
              "ne5_chars": sum(len(t) for d, t in docs.items() if d.startswith("ne5_"))}
    return folder, kk_tokens, counts


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident MiB, stdout of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(cmd)}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024, out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    folder, kk_tokens, counts = build_corpus(args.data)
    out = EVAL_DIR / "bench" / "outputs"
    sanaq = [sys.executable, "-m", "pipeline.cli", "run", "--force", "--input", str(folder),
             "--output", str(out), "--workers", str(args.workers)]
    rows = []
    for stage in STAGE_MODULES:
        wall, mem, _ = timed(sanaq + [stage])
        rows.append((stage, wall, mem))
    whole, whole_mem, _ = timed(sanaq)
    ne5 = EVAL_DIR / "bench" / "input"
    sentences = EVAL_DIR / "bench" / "kk_sentences.json"
    sentences.write_text(json.dumps(kk_tokens, ensure_ascii=False))
    stanza_wall, stanza_mem, stanza_inner = timed([sys.executable, "-c", BARE_STANZA, str(sentences),
                                                   "models/stanza-kk-ner"])
    ne5_only = EVAL_DIR / "bench_ne5"
    write_corpus("bench_ne5", {p.stem: p.read_text() for p in sorted(ne5.glob("ne5_*.txt"))})
    pipeline_runs, natasha_runs = [], []
    for _ in range(ROUNDS):       # alternated: this machine's speed drifts by 5-10% between runs
        pipeline_runs.append(timed([sys.executable, "-m", "pipeline.cli", "run", "--force", "--input",
                                    str(ne5_only / "input"), "--output", str(ne5_only / "outputs"),
                                    "--workers", str(args.workers)]))
        natasha_runs.append(timed([sys.executable, "-c", BARE_NATASHA, str(ne5)]))
    ne5_wall, ne5_mem, _ = _median_run(pipeline_runs)
    natasha_wall, natasha_mem, natasha_inner = _median_run(natasha_runs)
    ratios = sorted(p[0] / n[0] for p, n in zip(pipeline_runs, natasha_runs))
    machine = f"{os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB"
    print(f"corpus: {counts['docs']} documents ({counts['ru_docs']} ru, {counts['kk_docs']} kk), "
          f"{counts['chars']:,} characters; {args.workers} workers; machine: {machine}")
    print(f"{'stage':10}{'wall s':>9}{'docs/s':>9}{'chars/s':>11}{'peak MiB':>10}")
    for stage, wall, mem in rows:
        print(f"{stage:10}{wall:9.1f}{counts['docs'] / wall:9.1f}{counts['chars'] / wall:11,.0f}{mem:10.0f}")
    print(f"{'all':10}{whole:9.1f}{counts['docs'] / whole:9.1f}{counts['chars'] / whole:11,.0f}{whole_mem:10.0f}")
    report = {
        "machine": machine, "workers": args.workers, "corpus": counts,
        "stages": {s: {"wall": round(w, 2), "peak_mib": round(m)} for s, w, m in rows},
        "pipeline_all_stages": {"wall": round(whole, 2), "peak_mib": round(whole_mem)},
        "collection5_pipeline": {"wall": round(ne5_wall, 2), "peak_mib": round(ne5_mem),
                                 "rounds": [round(r[0], 2) for r in pipeline_runs],
                                 "ratios": [round(r, 3) for r in ratios]},
        "bare_natasha_collection5": {"wall": round(natasha_wall, 2), "inner": round(float(natasha_inner), 2),
                                     "peak_mib": round(natasha_mem)},
        "bare_stanza_kaznerd_valid": {"wall": round(stanza_wall, 2), "inner": round(float(stanza_inner), 2),
                                      "peak_mib": round(stanza_mem)},
    }
    incremental = _incremental(sanaq, folder, whole)
    memory = _memory(args.workers)
    report["incremental"], report["memory"] = incremental, memory
    ner_kk = next(wall for stage, wall, _ in rows if stage == "ner_kk")
    print(f"\nCollection5 ({counts['ne5_docs']} texts), medians of {ROUNDS} alternated runs: whole pipeline "
          f"forced {ne5_wall:.1f}s vs bare natasha {natasha_wall:.1f}s in one process: ratio "
          f"{ne5_wall / natasha_wall:.2f} (round by round {', '.join(f'{r:.2f}' for r in ratios)})")
    print(f"Kazakh NER stage {ner_kk:.1f}s vs bare stanza {stanza_wall:.1f}s on the same "
          f"{len(kk_tokens)} sentences: ratio {ner_kk / stanza_wall:.2f}; "
          f"stanza tags {sum(map(len, kk_tokens)) / float(stanza_inner):,.0f} tokens/s")
    print(f"unchanged rerun {incremental['unchanged']:.1f}s ({incremental['unchanged'] / whole:.1%} of the "
          f"full run); one new document {incremental['one_new']:.1f}s ({incremental['one_new'] / whole:.1%})")
    print(f"peak memory, full run with batches of {MEMORY_BATCH} documents: {memory['1x']:.0f} MiB on "
          f"{MEMORY_DOCS} documents (4/5 ru, 1/5 kk), {memory['10x']:.0f} MiB on {10 * MEMORY_DOCS} "
          f"(ratio {memory['10x'] / memory['1x']:.2f})")
    save_report("bench", report)
    print("archives (rows/s on 10,000 and 100,000 JSON Lines rows, and whether memory stays flat): "
          "make bench-archive")
    return 0


MEMORY_DOCS, MEMORY_BATCH = 100, 100
ROUNDS = 3


def _median_run(runs: list[tuple]) -> tuple:
    return sorted(runs, key=lambda run: run[0])[len(runs) // 2]


def _incremental(sanaq: list[str], folder: Path, full_seconds: float) -> dict:
    """An unchanged rerun, then a rerun after one new document (a Collection5 text renamed)."""
    unforced = [a for a in sanaq if a != "--force"]
    unchanged, _, _ = timed(unforced)
    source = sorted(folder.glob("ne5_*.txt"))[0]
    (folder / "zz_added.txt").write_text(source.read_text(encoding="utf-8") + "\nДобавлено.\n",
                                         encoding="utf-8")
    try:
        one_new, _, _ = timed(unforced)
    finally:
        (folder / "zz_added.txt").unlink()
    return {"unchanged": round(unchanged, 2), "one_new": round(one_new, 2), "full": round(full_seconds, 2)}


def _memory(workers: int) -> dict:
    """Peak memory of full runs on 1x and 10x the documents, same mix of languages, same batches."""
    folder = EVAL_DIR / "bench" / "input"
    ne5, kk = sorted(folder.glob("ne5_*.txt")), sorted(folder.glob("kaznerd_*.txt"))
    config = EVAL_DIR / "bench_memory.toml"
    config.write_text(f"[run]\nbatch_documents = {MEMORY_BATCH}\n")
    peaks = {}
    for label, n in (("1x", MEMORY_DOCS), ("10x", 10 * MEMORY_DOCS)):
        name = f"bench_memory_{label}"
        ru, kz = iter(ne5[:n * 4 // 5]), iter(kk[:n // 5])    # every fifth document Kazakh,
        texts = [next(kz) if i % 5 == 4 else next(ru) for i in range(n)]   # so each batch is alike
        folder = write_corpus(name, {f"{i:05d}_{p.stem}": p.read_text(encoding="utf-8")
                                     for i, p in enumerate(texts)})
        _, peak, _ = timed([sys.executable, "-m", "pipeline.cli", "run", "--force", "--input", str(folder),
                            "--output", str(EVAL_DIR / name / "outputs"), "--config", str(config),
                            "--workers", str(workers)])
        peaks[label] = round(peak)
    return peaks


if __name__ == "__main__":
    raise SystemExit(main())
