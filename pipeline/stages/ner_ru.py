"""Stage 4: natasha (slovnet NER, morphology, span normal forms) on Russian text only.

natasha sees each maximal run of Russian sentences as one stretch of the original text, so it
keeps its own context; Kazakh and other-language sentences break the run and are never shown.
"""
from __future__ import annotations

from pipeline import tables
from pipeline.ner_natasha import tag_text
from pipeline.registry import StageContext, stage
from pipeline.spans import by_doc, doc_texts, sentence_of


def russian_runs(segments: list[dict]) -> list[tuple[int, int]]:
    """(start, end) of maximal runs of consecutive Russian sentences."""
    runs: list[list[int]] = []
    previous_ru = False
    for seg in segments:
        if seg["lang"] == "ru":
            if previous_ru:
                runs[-1][1] = seg["end"]
            else:
                runs.append([seg["start"], seg["end"]])
        previous_ru = seg["lang"] == "ru"
    return [tuple(run) for run in runs]


def tag_document(doc_id: str, text: str, segments: list[dict]) -> list[dict]:
    rows = []
    starts = [s["start"] for s in segments]
    for start, end in russian_runs(segments):
        for ent in tag_text(text[start:end], start):
            rows.append({"doc_id": doc_id,
                         "sent_id": segments[sentence_of(starts, ent["start"])]["sent_id"],
                         **ent, "source": "natasha"})
    return rows


@stage("ner_ru", "entities_ru.parquet", deps=("ingest", "language"),
       modules=("pipeline.spans", "pipeline.ner_natasha"), schema="entities")
def ner_ru(ctx: StageContext):
    texts = doc_texts(ctx.read("ingest"))
    segments = by_doc(ctx.read("language").select(["doc_id", "sent_id", "start", "end", "lang"]))
    ctx.set_total(len(segments))
    rows = []
    for doc_id, segs in segments.items():
        rows.extend(tag_document(doc_id, texts[doc_id], segs))
        ctx.progress(1)
    return tables.to_table(rows, "entities")
