"""Stage 1: one row per input file, readable or not (nothing is silently lost)."""
from __future__ import annotations

import hashlib

from pipeline import tables
from pipeline.decode import decode, html_to_text, is_html
from pipeline.registry import StageContext, stage
from pipeline.runner import doc_id_of


def read_document(path, doc_id: str, max_bytes: int) -> dict:
    row = {"doc_id": doc_id, "path": str(path), "text": None, "sha256": None,
           "n_chars": 0, "encoding": None, "status": "ok", "error": None}
    try:
        size = path.stat().st_size
        if size > max_bytes:
            row.update(status="too_large",
                       error=f"{size} bytes is over the ingest.max_bytes limit of {max_bytes}")
            return row
        data = path.read_bytes()
    except OSError as exc:
        row.update(status="unreadable", error=f"cannot read the file: {exc.strerror or exc}")
        return row
    row["sha256"] = hashlib.sha256(data).hexdigest()
    decoded = decode(data)
    row.update(encoding=decoded.encoding, status=decoded.status, error=decoded.error)
    text = decoded.text
    if text is None:
        return row
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if is_html(text):
        text = html_to_text(text)
        row["encoding"] = f"{decoded.encoding}+html"
    if not text.strip():
        row.update(status="empty", error="the file holds only whitespace"
                   if data else "the file is empty")
    row.update(text=text, n_chars=len(text))
    return row


@stage("ingest", "documents.parquet", modules=("pipeline.decode",), reads_input=True)
def ingest(ctx: StageContext):
    """Batches of run.batch_documents rows, each a row group, so that neither this stage nor a
    later one reading some documents holds the corpus. Files unchanged since the last run (the
    runner's `reusable`) keep their rows unread."""
    ctx.set_total(len(ctx.inputs))
    batch = ctx.config["run"]["batch_documents"]
    rows = []
    for relative in ctx.inputs:
        doc_id = doc_id_of(relative)
        reused = ctx.reusable.get(doc_id)
        rows.append(reused or read_document(ctx.input_dir / relative, doc_id, ctx.params["max_bytes"]))
        ctx.progress(1)
        if len(rows) == batch:
            yield tables.to_table(rows, "documents")
            rows = []
    if rows or not ctx.inputs:
        yield tables.to_table(rows, "documents")
