"""A report of a run that opens quickly at any size, offline: OUTPUT/report/index.html (summary,
claim groups, claims and documents, paged and filtered in the browser from inline JSON) and one
page per document, docs/N.html (N its row in documents.parquet), its text with claims and
entities marked. The same outputs give the same bytes."""
from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.report.data import load
from pipeline.report.document import document_page
from pipeline.report.index import PAGE_ROWS, index_page


def _write_pages(run, folder: Path, page_rows: int) -> None:
    (folder / "docs").mkdir(parents=True)
    group_index = {g["group_id"]: i for i, g in enumerate(run.groups)}
    claims_by_doc: dict[str, list] = {}
    for claim in run.claims:
        claims_by_doc.setdefault(claim["doc_id"], []).append(claim)
    for i, doc in enumerate(run.documents):
        doc_id = doc["doc_id"]
        page = document_page(doc, claims_by_doc.get(doc_id, []), run.entities.get(doc_id, []),
                             run.sentences.get(doc_id, []), group_index)
        (folder / "docs" / f"{i}.html").write_text(page, encoding="utf-8")
    (folder / "index.html").write_text(index_page(run, page_rows), encoding="utf-8")


def write_report(output_dir: Path, page_rows: int = PAGE_ROWS) -> Path:
    """Written beside the old report, then put in its place, so a failure leaves the old one."""
    target, fresh, old = (output_dir / name for name in ("report", ".report.new", ".report.old"))
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    _write_pages(load(output_dir), fresh, page_rows)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return target / "index.html"
