"""One pass of the per-document stages over a partition of documents, on whichever worker.

The per-document stages (language, tokens, ner_ru, ner_kk, numbers, claims) run one after the
other on the same partition in the same process, each reading its predecessors' rows straight
from memory: a partition crosses to a worker once, with the upstream rows that the pass does
not compute itself (ingest, and stages that are up to date or keep a document), and comes back
with every stage's rows. So every stage uses every core, and models load once per worker.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.errors import ModelError


@dataclass(frozen=True)
class StageWork:
    """A stage of the pass and the partition's documents it computes (the others are kept)."""
    name: str
    doc_ids: tuple[str, ...]


def only(table: pa.Table, doc_ids) -> pa.Table:
    return table.filter(pc.is_in(table["doc_id"], pa.array(sorted(doc_ids), pa.string())))


def run_documents(work: list[StageWork], config: dict, given: dict[str, pa.Table]) -> dict:
    """Each stage's rows for its documents, in pass order; a stage whose model cannot load
    gives its error message instead, and the stages that need it give nothing."""
    from pipeline.registry import StageContext, load_stages

    stages = load_stages()
    results: dict[str, pa.Table | str | None] = {}
    for item in work:
        stage = stages[item.name]
        if any(dep in results and not isinstance(results[dep], pa.Table) for dep in stage.deps):
            results[item.name] = None
            continue
        inputs = {dep: _input(dep, item.doc_ids, results, given) for dep in stage.deps}
        ctx = StageContext(stage=stage, config=config, input_dir=None, read=inputs.__getitem__)
        try:
            results[item.name] = stage.func(ctx)
        except ModelError as exc:
            results[item.name] = str(exc)
    return results


def _input(dep: str, doc_ids: tuple[str, ...], results: dict, given: dict[str, pa.Table]) -> pa.Table:
    """`dep`'s rows of these documents: computed earlier in this pass, or given."""
    parts = [only(table, doc_ids) for table in (results.get(dep), given.get(dep))
             if isinstance(table, pa.Table)]
    if len(parts) == 2:
        parts[1] = parts[1].cast(parts[0].schema)      # Parquet reads list items as "element"
    return pa.concat_tables(parts) if len(parts) > 1 else parts[0]
