"""`make bench-archive`: throughput on a JSON Lines archive, and whether memory stays flat
from 10,000 rows to 100,000.

Both archives are built at bench time from ../shared/data (pipeline/evaluation/archive_corpus.py)
under build/, never committed. Their rows are short, one paragraph of Collection5 or NEREL or
one KazNERD sentence each (about 150 characters), so that 100,000 rows take minutes here, not
hours: rows that are whole articles would hold the same per-row bookkeeping with far more
tagging. Each size is a fresh `sanaq run --force` in its own process. Peak memory is measured
twice: the largest single process (the parent or a worker, from wait4's ru_maxrss) and the
parent alone (its VmHWM, read while it runs), since the workers' models weigh the same at any
size and would hide a parent that grows with the corpus.

    python -m pipeline.evaluation.bench_archive [--data ../shared/data] [--rows 100000] [--base 10000]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from pipeline.evaluation.archive_corpus import paragraphs, write_archive
from pipeline.evaluation.common import EVAL_DIR, save_report

FLAT = 1.2          # the 100,000-row run's peak within this factor of the 10,000-row run's


def _hwm_mib(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return None
    return int(line.split()[1]) / 1024


def measured_run(cmd: list[str], log: Path) -> dict:
    """Wall seconds, the largest process's peak MiB, and the parent's own peak MiB."""
    started = time.perf_counter()
    with open(log, "w", encoding="utf-8") as errors:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors)
        parent = 0.0
        while not (done := os.wait4(proc.pid, os.WNOHANG))[0]:
            parent = max(parent, _hwm_mib(proc.pid) or 0.0)
            time.sleep(0.2)
    wall = time.perf_counter() - started
    _, status, usage = done
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(cmd)} (its messages: {log})")
    return {"wall": round(wall, 1), "largest_mib": round(usage.ru_maxrss / 1024), "parent_mib": round(parent)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--base", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    texts = paragraphs(args.data)
    folder = EVAL_DIR / "bench_archive"
    results = {}
    for rows in (args.base, args.rows):
        archive = write_archive(folder / f"rows_{rows}.jsonl", texts, rows)
        chars = archive.stat().st_size
        run = measured_run([sys.executable, "-m", "pipeline.cli", "run", "--force", "--input", str(archive),
                            "--output", str(folder / f"outputs_{rows}"), "--workers", str(args.workers)],
                           folder / f"run_{rows}.log")
        results[rows] = {**run, "rows_per_s": round(rows / run["wall"], 1), "bytes": chars}
        print(f"{rows:>7} rows ({chars / 2**20:.1f} MiB of JSON Lines): {run['wall']:.0f} s, "
              f"{rows / run['wall']:,.0f} rows/s; peak {run['largest_mib']} MiB (largest process), "
              f"{run['parent_mib']} MiB (the sanaq process)", flush=True)
    base, big = results[args.base], results[args.rows]
    ratios = {key: round(big[key] / base[key], 2) for key in ("largest_mib", "parent_mib")}
    print(f"peak memory {args.rows:,} rows / {args.base:,} rows: {ratios['largest_mib']:.2f} (largest "
          f"process), {ratios['parent_mib']:.2f} (the sanaq process); flat means within {FLAT}: "
          f"{'yes' if max(ratios.values()) <= FLAT else 'NO'}")
    save_report("bench_archive", {"workers": args.workers, "runs": {str(k): v for k, v in results.items()},
                                  "ratios": ratios, "machine_cores": os.cpu_count()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
