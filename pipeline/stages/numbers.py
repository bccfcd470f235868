"""Stage 6: every numeric expression in every sentence, claim or not."""
from __future__ import annotations

from pipeline import tables
from pipeline.config import resolve
from pipeline.numbers import engine_for, lexicons
from pipeline.registry import StageContext, stage
from pipeline.spans import doc_texts

FALLBACK_LANG = "ru"   # digits in other-language text are still found, with Russian rules


def numbers_in(seg: dict, text: str, by_lang: dict[str, str]) -> list[dict]:
    engine = engine_for(by_lang.get(seg["lang"], by_lang[FALLBACK_LANG]))
    line_start = seg["start"] == 0 or text[seg["start"] - 1] == "\n"
    rows = []
    for n in engine.extract(seg["text"], line_start=line_start):
        offset = seg["start"]
        rows.append({"doc_id": seg["doc_id"], "sent_id": seg["sent_id"], "lang": seg["lang"],
                     "start": offset + n.start, "end": offset + n.end, "text": n.text,
                     "value": n.value, "qualifier": n.qualifier, "unit": n.unit, "kind": n.kind,
                     "is_claim": n.is_claim, "num_start": offset + n.num_start,
                     "num_end": offset + n.num_end,
                     "range_end": None if n.range_end is None else offset + n.range_end,
                     "change": n.change, "change_role": n.change_role})
    return rows


@stage("numbers", "numbers.parquet", deps=("ingest", "language"),
       modules=("pipeline.numbers", "pipeline.spans"),
       data_files=lambda config: config["numbers"]["lexicons"], schema="numbers")
def numbers(ctx: StageContext):
    by_lang = lexicons([str(resolve(p)) for p in ctx.params["lexicons"]])
    texts = doc_texts(ctx.read("ingest"))
    segments = ctx.read("language").select(["doc_id", "sent_id", "start", "text", "lang"]).to_pylist()
    ctx.set_total(len(segments))
    rows = []
    for seg in segments:
        rows.extend(numbers_in(seg, texts[seg["doc_id"]], by_lang))
        ctx.progress(1)
    return tables.to_table(rows, "numbers")
