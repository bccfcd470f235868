"""Stage 2: sentences with a language each (ru, kk, other), a confidence and a script.

A sentence decides for itself when it has enough letters; short ones (bylines, "0", "RSS лента")
take their paragraph's language, else the document's majority, and so do those whose letters
fit several languages of the region and the identifier is unsure. So a Kazakh comment under a
Russian article stays Kazakh, and a lone number line stays with its document. The script
(`cyrillic`, `latin`) tells the later stages which Kazakh sentences to read in Cyrillic.
"""
from __future__ import annotations

from collections import Counter

from pipeline import tables
from pipeline.langid import count_letters, detect, script_from
from pipeline.registry import StageContext, stage
from pipeline.segment import split_sentences


def segment_document(doc_id: str, text: str, candidates: tuple[str, ...], min_letters: int) -> list[dict]:
    rows = []
    for sent_id, seg in enumerate(split_sentences(text)):
        sent = text[seg.start:seg.end]
        letters, cyrillic, _ = count_letters(sent)
        lang, conf = detect(sent, candidates) if letters >= min_letters else (None, 0.0)
        if letters and letters < min_letters:
            guess, guess_conf = detect(sent, candidates)
            if guess == "kk" and guess_conf >= 0.99:    # Kazakh letters are decisive
                lang, conf = guess, guess_conf
        rows.append({"doc_id": doc_id, "sent_id": sent_id, "para_id": seg.para_id,
                     "start": seg.start, "end": seg.end, "text": sent, "lang": lang,
                     "lang_conf": conf, "script": script_from(letters, cyrillic), "_weight": letters})
    _fill_undecided(rows)
    for row in rows:
        del row["_weight"]
    return rows


def _fill_undecided(rows: list[dict]) -> None:
    doc_votes: Counter = Counter()
    para_votes: dict[int, Counter] = {}
    for row in rows:
        if row["lang"]:
            doc_votes[row["lang"]] += row["_weight"]
            para_votes.setdefault(row["para_id"], Counter())[row["lang"]] += row["_weight"]
    doc_lang = doc_votes.most_common(1)[0][0] if doc_votes else "other"
    for row in rows:
        if row["lang"] is None:
            votes = para_votes.get(row["para_id"])
            row["lang"] = votes.most_common(1)[0][0] if votes else doc_lang
            row["lang_conf"] = 0.5


@stage("language", "segments.parquet", deps=("ingest",),
       modules=("pipeline.segment", "pipeline.langid", "pipeline.kk_latin"),
       data_files=lambda config: ["configs/kk_latin.toml"], schema="segments")
def language(ctx: StageContext):
    docs = ctx.read("ingest").select(["doc_id", "text", "status"]).to_pylist()
    ctx.set_total(len(docs))
    candidates = tuple(ctx.params["candidates"])
    rows = []
    for doc in docs:
        if doc["text"] and doc["status"] in ("ok", "repaired"):
            rows.extend(segment_document(doc["doc_id"], doc["text"], candidates,
                                         ctx.params["min_letters"]))
        ctx.progress(1)
    return tables.to_table(rows, "segments")
