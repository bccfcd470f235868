"""The output tables by the names people use (`claims`, `entities`, `groups`...), read from an
output folder for `sanaq show` and `sanaq export`."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import UsageError

# name -> the stages whose files make it up; entities are both languages' NER files, each with its language
TABLES = {"claims": ("claims",), "entities": ("ner_ru", "ner_kk"), "groups": ("groups",),
          "numbers": ("numbers",), "documents": ("ingest",), "segments": ("language",),
          "tokens": ("tokens",)}
ENTITY_LANGS = {"ner_ru": "ru", "ner_kk": "kk"}


def stage_file(output_dir: Path, stage_name: str) -> Path:
    """The stage's file, or an error that says which stage writes it."""
    from pipeline.registry import load_stages

    path = output_dir / load_stages()[stage_name].output
    if not path.exists():
        raise UsageError(f"{path} does not exist: the `{stage_name}` stage writes it; "
                         f"run `sanaq run --output {output_dir}` first")
    return path


def read_output(output_dir: Path, name: str) -> pa.Table:
    if name not in TABLES:
        raise UsageError(f"no table '{name}'; choose one of: {', '.join(TABLES)}")
    parts = []
    for stage_name in TABLES[name]:
        table = pq.read_table(stage_file(output_dir, stage_name))
        if stage_name in ENTITY_LANGS:
            table = table.append_column("lang", pa.array([ENTITY_LANGS[stage_name]] * len(table), pa.string()))
        parts.append(table)
    return pa.concat_tables(parts) if len(parts) > 1 else parts[0]
