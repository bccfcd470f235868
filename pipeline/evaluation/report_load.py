"""How long the report takes to open in headless Chromium, and how large it is.

The page is opened in an iframe of a small wrapper page that notes, when the iframe's load event
fires (its inline script has parsed the data and drawn the first page of every table), the
milliseconds since the wrapper's navigation began; Chromium's --dump-dom prints the wrapper
once it has loaded. Chromium's own start-up is left out of that figure and is in `wall_s`.

    python -m pipeline.evaluation.report_load OUTPUT/report/index.html [--runs 3]
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WRAPPER = ("<!doctype html><title>loading</title><iframe src='{uri}' width=1400 height=900 "
           "onload=\"document.title='loaded '+performance.now().toFixed(0)\"></iframe>")


def chromium() -> str | None:
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


def headless(browser: str, profile: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=timeout)


def load_time(browser: str, page: Path) -> tuple[float, float]:
    """Milliseconds from navigation to the page's load event, and Chromium's wall seconds."""
    with tempfile.TemporaryDirectory() as scratch:
        wrapper = Path(scratch) / "wrapper.html"
        wrapper.write_text(WRAPPER.format(uri=page.resolve().as_uri()), encoding="utf-8")
        started = time.perf_counter()
        done = headless(browser, Path(scratch) / "profile", "--dump-dom", wrapper.as_uri())
        wall = time.perf_counter() - started
    found = re.search(r"<title>loaded (\d+)</title>", done.stdout)
    if not found:
        raise SystemExit(f"the page did not load: {done.stderr[-500:]}")
    return float(found.group(1)), wall


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    browser = chromium()
    if browser is None:
        raise SystemExit("no Chromium here (chromium, chromium-browser, google-chrome)")
    folder = args.page.parent
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    print(f"{args.page}: {args.page.stat().st_size / 2**20:.1f} MiB; the report's folder "
          f"{total / 2**20:.1f} MiB in {sum(1 for p in folder.rglob('*') if p.is_file())} files")
    for run in range(args.runs):
        ms, wall = load_time(browser, args.page)
        print(f"run {run + 1}: loaded in {ms / 1000:.2f} s (Chromium's whole run {wall:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
