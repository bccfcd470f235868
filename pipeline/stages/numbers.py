"""Stage 6: every numeric expression in every Russian or Kazakh sentence, claim or not.

Sentences in other languages get no rules: Russian or Kazakh number words and endings would
misread them (a Kyrgyz "миллиондон ашык", an Uzbek "milliondan ortiq").
"""
from __future__ import annotations

from pipeline import tables
from pipeline.analysis import analysis_texts
from pipeline.config import resolve
from pipeline.kk_latin import Transliteration
from pipeline.numbers import engine_for, lexicons
from pipeline.registry import StageContext, stage
from pipeline.spans import doc_texts


def numbers_in(seg: dict, text: str, read: Transliteration, by_lang: dict[str, str]) -> list[dict]:
    """The numbers of a sentence, found in the text to analyse (`read`), copied from the text
    as written."""
    if seg["lang"] not in by_lang:
        return []
    engine = engine_for(by_lang[seg["lang"]])
    line_start = seg["start"] == 0 or text[seg["start"] - 1] == "\n"
    sentence = read.text[seg["start"]:seg["start"] + len(seg["text"])]
    rows = []
    for n in engine.extract(sentence, line_start=line_start):
        offset = seg["start"]
        start, end = offset + n.start, read.end(offset + n.end)
        rows.append({"doc_id": seg["doc_id"], "sent_id": seg["sent_id"], "lang": seg["lang"],
                     "start": start, "end": end, "text": text[start:end],
                     "value": n.value, "qualifier": n.qualifier, "unit": n.unit, "kind": n.kind,
                     "is_claim": n.is_claim, "num_start": offset + n.num_start,
                     "num_end": read.end(offset + n.num_end),
                     "range_end": None if n.range_end is None else read.end(offset + n.range_end),
                     "change": n.change, "change_role": n.change_role})
    return rows


@stage("numbers", "numbers.parquet", deps=("ingest", "language"),
       modules=("pipeline.numbers", "pipeline.spans", "pipeline.analysis", "pipeline.kk_latin"),
       data_files=lambda config: [*config["numbers"]["lexicons"], "configs/kk_latin.toml"], schema="numbers")
def numbers(ctx: StageContext):
    by_lang = lexicons([str(resolve(p)) for p in ctx.params["lexicons"]])
    documents, language = ctx.read("ingest"), ctx.read("language")
    texts, reads = doc_texts(documents), analysis_texts(documents, language)
    segments = language.select(["doc_id", "sent_id", "start", "text", "lang"]).to_pylist()
    ctx.set_total(len(segments))
    rows = []
    for seg in segments:
        rows.extend(numbers_in(seg, texts[seg["doc_id"]], reads[seg["doc_id"]], by_lang))
        ctx.progress(1)
    return tables.to_table(rows, "numbers")
