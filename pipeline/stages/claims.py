"""Stage 7: one row per numeric claim, joined to what it counts, who says it, and the
entities of its sentence."""
from __future__ import annotations

import hashlib
from bisect import bisect_left

from pipeline import tables
from pipeline.attribution import Attributor
from pipeline.config import resolve
from pipeline.groups import concepts, group_id, object_key
from pipeline.numbers import lexicon_path
from pipeline.objects import find_object
from pipeline.registry import StageContext, stage
from pipeline.spans import by_doc, doc_texts


def claim_id(doc_id: str, start: int, end: int, text: str) -> str:
    return hashlib.sha256(f"{doc_id}\x1f{start}\x1f{end}\x1f{text}".encode()).hexdigest()[:16]


def claims_for_doc(doc_id, text, sentences, tokens, entities, numbers, config) -> list[dict]:
    index = {s["sent_id"]: i for i, s in enumerate(sentences)}
    attributor = Attributor(text, sentences, entities, str(resolve(config["claims"]["speech_lexicon"])))
    lexicon = concepts(str(resolve(config["claims"]["objects_lexicon"])))
    kk_lexicon = lexicon_path([resolve(p) for p in config["numbers"]["lexicons"]], "kk")
    token_starts = [t["start"] for t in tokens]
    sentence_entities: dict[int, list[dict]] = {}
    for e in entities:
        sentence_entities.setdefault(e["sent_id"], []).append(
            {"text": e["text"], "label": e["label"], "start": e["start"], "end": e["end"]})
    rows = []
    for num in numbers:
        if not num["is_claim"]:
            continue
        sent = sentences[index[num["sent_id"]]]
        sent_tokens_from = bisect_left(token_starts, sent["start"])
        # what the first half of a range counts follows its second half: "5-7 тысяч человек"
        first_after = bisect_left(token_starts, num["range_end"] or num["end"])
        last = bisect_left(token_starts, sent["end"])
        after = tokens[first_after:last]
        before = tokens[sent_tokens_from:bisect_left(token_starts, num["start"])]
        phrase = find_object(num["lang"], after, before, num["unit"], kk_lexicon)
        ents = sorted(sentence_entities.get(num["sent_id"], []), key=lambda e: (e["start"], e["end"]))
        cid = claim_id(doc_id, num["start"], num["end"], num["text"])
        key = object_key(phrase.lemma if phrase else None, lexicon)
        rows.append({
            "claim_id": cid, "object_key": key,
            "group_id": group_id(num["value"], num["unit"], key, cid),
            "doc_id": doc_id, "lang": num["lang"], "sent_id": num["sent_id"],
            "start": num["start"], "end": num["end"], "text": num["text"], "value": num["value"],
            "qualifier": num["qualifier"], "unit": num["unit"],
            "object": text[phrase.start:phrase.end] if phrase else None,
            "object_start": phrase.start if phrase else None,
            "object_end": phrase.end if phrase else None,
            "object_lemma": phrase.lemma if phrase else None,
            "subject": attributor.subject(index[num["sent_id"]]),
            "entities": ents, "sentence": sent["text"],
        })
    return rows


@stage("claims", "claims.parquet", deps=("ingest", "language", "tokens", "ner_ru", "ner_kk", "numbers"),
       modules=("pipeline.objects", "pipeline.attribution", "pipeline.kk_morph", "pipeline.spans",
                "pipeline.groups", "pipeline.numbers"),
       data_files=lambda config: [config["claims"]["speech_lexicon"], config["claims"]["objects_lexicon"],
                                  *config["numbers"]["lexicons"]], schema="claims")
def claims(ctx: StageContext):
    texts = doc_texts(ctx.read("ingest"))
    sentences = by_doc(ctx.read("language").select(["doc_id", "sent_id", "para_id", "start", "end", "text", "lang"]))
    tokens = by_doc(ctx.read("tokens").select(["doc_id", "start", "end", "text"]))
    entities = by_doc(ctx.read("ner_ru"))
    for doc_id, ents in by_doc(ctx.read("ner_kk")).items():
        entities.setdefault(doc_id, []).extend(ents)
    numbers = by_doc(ctx.read("numbers"))
    ctx.set_total(len(numbers))
    rows = []
    for doc_id, nums in numbers.items():
        rows.extend(claims_for_doc(doc_id, texts[doc_id], sentences[doc_id], tokens.get(doc_id, []),
                                   entities.get(doc_id, []), nums, ctx.config))
        ctx.progress(1)
    return tables.to_table(rows, "claims")
