"""JSON Lines archives of any size built from the corpora in ../shared/data, for measuring sanaq
at archive scale (the report on 10,000 documents, memory on 100,000 rows). Never committed:
built when needed, deterministically (the same arguments give the same bytes).

Rows are whole documents (the 1,000 Collection5 texts, the NEREL texts, KazNERD valid as Kazakh
documents of 40 sentences) or short ones (one paragraph of Collection5, NEREL or KazNERD a row),
repeated as often as needed. Each row gets its own id, one of a few synthetic outlets as
`source` and a `published` date spread over 2025-2026, so repeats differ in metadata and the
report's filters have something to filter.

    python -m pipeline.evaluation.archive_corpus --rows 10000 --kind documents --out FILE.jsonl
"""
from __future__ import annotations

import argparse
import gzip
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

from pipeline.evaluation.common import lf_text
from pipeline.training.kaznerd import as_documents, read_conll, spaced

SOURCES = ["tengrinews.kz", "kazinform.kz", "ria.ru", "inbusiness.kz", "zakon.kz", "egemen.kz", "interfax.ru"]
FIRST_DAY = datetime(2025, 1, 1, 6, 0, tzinfo=timezone.utc)
DAYS = 730


def documents(data: Path) -> list[str]:
    """Whole news texts, Russian and Kazakh, in a fixed order."""
    texts = _russian(data)
    kaznerd = as_documents(read_conll(data / "kaznerd" / "IOB2_valid.txt"), "kaznerd")[0]
    texts.extend(kaznerd[doc_id] for doc_id in sorted(kaznerd))
    return _interleave(texts)


def paragraphs(data: Path) -> list[str]:
    """Short rows: the non-blank lines of the Russian texts and KazNERD's sentences."""
    russian = [line.strip() for text in _russian(data)
               for line in text.splitlines() if len(line.strip()) > 20]
    kazakh = [spaced([token for token, _ in sentence])[0]
              for sentence in read_conll(data / "kaznerd" / "IOB2_valid.txt")]
    return _interleave(russian + kazakh)


def _russian(data: Path) -> list[str]:
    with gzip.open(data / "collection5" / "ne5.raw.jsonl.gz", "rt", encoding="utf-8") as handle:
        texts = [lf_text(json.loads(line)["source"]["text"])[0] for line in handle]
    return texts + [path.read_text(encoding="utf-8")
                    for path in sorted((data / "nerel" / "NEREL-v1.1").glob("*/*.txt"))]


def _interleave(texts: list[str]) -> list[str]:
    """A fixed shuffle (a stride coprime to the length), so that Russian and Kazakh rows mix in
    every batch instead of coming in long runs of one language."""
    stride = next(s for s in range(7919, 2 * len(texts) + 7919) if _coprime(s, len(texts)))
    return [texts[(i * stride) % len(texts)] for i in range(len(texts))]


def _coprime(a: int, b: int) -> bool:
    while b:
        a, b = b, a % b
    return a == 1


def rows(texts: list[str], n: int) -> Iterator[dict]:
    for i in range(n):
        published = FIRST_DAY + timedelta(days=(i * 37) % DAYS, minutes=(i * 53) % 1440)
        yield {"id": f"{i:06d}", "source": SOURCES[(i * 3) % len(SOURCES)],
               "published": published.strftime("%Y-%m-%dT%H:%M:%SZ"),
               "url": f"https://{SOURCES[(i * 3) % len(SOURCES)]}/news/{i}",
               "text": texts[i % len(texts)]}


def write_archive(path: Path, texts: list[str], n: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows(texts, n):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--kind", choices=["documents", "paragraphs"], default="documents")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    texts = documents(args.data) if args.kind == "documents" else paragraphs(args.data)
    print(write_archive(args.out, texts, args.rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
