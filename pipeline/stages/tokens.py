"""Stage 3: spaCy tokens per sentence, tokenised with the sentence's language.

A token's `text` is the word as analysed: as written, except in Latin-script Kazakh, where it is
the Cyrillic reading that the Kazakh NER and claims stages read (pipeline/analysis.py); its
`start` and `end` are where it is written.
"""
from __future__ import annotations

from pipeline import tables
from pipeline.analysis import analysis_texts
from pipeline.kk_latin import Transliteration
from pipeline.registry import StageContext, stage


def tokenize_segments(segments: list[dict], tokenizers: dict, token_ids: dict[str, int],
                      texts: dict[str, Transliteration] | None = None) -> list[dict]:
    """Token rows; token_ids holds each document's next token number across calls. With the
    documents' texts to analyse, each sentence is tokenised as read there."""
    from pipeline.kk_lang import blank      # spaCy: imported where tokens are made, not to plan a run

    rows = []
    for seg in segments:
        if seg["lang"] not in tokenizers:     # building a spaCy pipeline costs ~0.1 s: once per language
            nlp = blank(seg["lang"])
            # Lexical attributes (like_num, stop words...) cost 40% of tokenising, computed for
            # each new word; tokens need none of them.
            nlp.vocab.lex_attr_getters = {}
            tokenizers[seg["lang"]] = nlp.tokenizer
        tokenizer = tokenizers[seg["lang"]]
        doc_id = seg["doc_id"]
        read = texts.get(doc_id) if texts else None
        sentence = read.text[seg["start"]:seg["start"] + len(seg["text"])] if read else seg["text"]
        next_id = token_ids.get(doc_id, 0)
        for tok in tokenizer(sentence):
            if tok.text.isspace():
                continue
            start = seg["start"] + tok.idx
            end = start + len(tok.text)
            rows.append({"doc_id": doc_id, "sent_id": seg["sent_id"], "token_id": next_id,
                         "start": start, "end": read.end(end) if read else end, "text": tok.text,
                         "lang": seg["lang"]})
            next_id += 1
        token_ids[doc_id] = next_id
    return rows


@stage("tokens", "tokens.parquet", deps=("ingest", "language"),
       modules=("pipeline.kk_lang", "pipeline.segment", "pipeline.analysis", "pipeline.kk_latin"),
       data_files=lambda config: ["configs/kk_latin.toml"], schema="tokens")
def tokens(ctx: StageContext):
    language = ctx.read("language")
    texts = analysis_texts(ctx.read("ingest"), language)
    segments = language.select(["doc_id", "sent_id", "start", "text", "lang"]).to_pylist()
    ctx.set_total(len(segments))
    tokenizers: dict = {}
    token_ids: dict[str, int] = {}
    rows = []
    for i in range(0, len(segments), 1000):
        rows.extend(tokenize_segments(segments[i:i + 1000], tokenizers, token_ids, texts))
        ctx.progress(len(segments[i:i + 1000]))
    return tables.to_table(rows, "tokens")
