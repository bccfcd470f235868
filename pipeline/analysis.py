"""The text a stage analyses: a document as written, with its Latin-script Kazakh sentences read
in Cyrillic (pipeline/kk_latin.py), exactly as long, so every offset stays an offset into the
document as written. Stages take the text they analyse from here, and copy a row's `text` from
the document as written.
"""
from __future__ import annotations

import pyarrow as pa

from pipeline.kk_latin import Transliteration, alphabet_of, has_kazakh_marks, transliterate

LATIN_KAZAKH = ("kk", "latin")


def analysis_text(text: str, segments: list[dict]) -> Transliteration:
    """One document's text to analyse; its Latin Kazakh sentences are read in the alphabet that
    all of them together write (a short one rarely tells), unless none of them writes a letter
    only Kazakh writes: then they are Latin lines that took the language of Cyrillic neighbours."""
    latin = [seg for seg in segments if (seg["lang"], seg["script"]) == LATIN_KAZAKH]
    written = " ".join(text[seg["start"]:seg["end"]] for seg in latin)
    if not has_kazakh_marks(written):       # Latin lines of a Cyrillic text ("ERNUR.KZ", "Leave a comment")
        return Transliteration(text, frozenset())
    alphabet = alphabet_of(written)
    parts, fillers, last = [], set(), 0
    for seg in latin:
        read = transliterate(text[seg["start"]:seg["end"]], alphabet)
        parts += [text[last:seg["start"]], read.text]
        fillers.update(seg["start"] + at for at in read.fillers)
        last = seg["end"]
    parts.append(text[last:])
    return Transliteration("".join(parts), frozenset(fillers))


def analysis_texts(documents: pa.Table, segments: pa.Table) -> dict[str, Transliteration]:
    """doc_id -> the text to analyse, for the documents of documents.parquet."""
    sentences: dict[str, list[dict]] = {}
    for seg in segments.select(["doc_id", "start", "end", "lang", "script"]).to_pylist():
        sentences.setdefault(seg["doc_id"], []).append(seg)
    columns = documents.select(["doc_id", "text"]).to_pydict()
    return {doc_id: analysis_text(text, sentences.get(doc_id, []))
            for doc_id, text in zip(columns["doc_id"], columns["text"])}
