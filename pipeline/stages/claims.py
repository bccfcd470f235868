"""Stage 7: one row per numeric claim, joined to what it counts, who says it, and the
entities of its sentence."""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left

from pipeline import tables
from pipeline.analysis import analysis_texts
from pipeline.attribution import Attributor, cues
from pipeline.config import resolve
from pipeline.frames import find_object as object_in_tree
from pipeline.frames import head_lemma, lead_topic
from pipeline.frames import lexicon as frames_lexicon
from pipeline.groups import concepts, group_id, head_of, object_key, qualified
from pipeline.numbers import lexicon_path
from pipeline import kk_objects
from pipeline.kk_apertium import ANALYSER, GRAMMAR, MODEL_DIR as KK_ANALYSER_DIR
from pipeline.kk_apertium import analyser as kk_analyser
from pipeline.objects import Phrase, find_object, kk_rules, ru_phrase_lemma
from pipeline.registry import StageContext, stage
from pipeline.spans import by_doc, documents_metadata, sentence_of
from pipeline.syntax import parse_ru

PARSED = {"ru": parse_ru}     # languages whose objects and speakers come from dependency trees


def claim_id(doc_id: str, start: int, end: int, text: str) -> str:
    return hashlib.sha256(f"{doc_id}\x1f{start}\x1f{end}\x1f{text}".encode()).hexdigest()[:16]


class Trees:
    """Dependency trees by sentence index: the sentences with a claim are parsed together at once;
    another sentence is parsed alone when first asked for: one with a speech cue when the
    attribution wants its speaker (most are never asked: they speak for no claim), any sentence
    when a pronoun looks for its antecedent before it."""

    def __init__(self, sentences: list[dict], tokens: dict[int, list[dict]], numbers: list[dict], cue_path: str):
        self.sentences, self.tokens, self.cue_path = sentences, tokens, cue_path
        index = {s["sent_id"]: i for i, s in enumerate(sentences)}
        self.parsed: dict[int, list | None] = {}
        for lang, parse in PARSED.items():
            chosen = sorted({index[n["sent_id"]] for n in numbers if n["is_claim"] and n["lang"] == lang
                             and n["sent_id"] in tokens})
            self.parsed.update(zip(chosen, parse([tokens[sentences[i]["sent_id"]] for i in chosen])))

    def get(self, i: int, cued_only: bool = True) -> list | None:
        if not 0 <= i < len(self.sentences):
            return None
        sent = self.sentences[i]
        if self.parsed.get(i) is None and sent["lang"] in PARSED and sent["sent_id"] in self.tokens \
                and (not cued_only or self._cued(sent)):
            self.parsed[i] = PARSED[sent["lang"]]([self.tokens[sent["sent_id"]]])[0]
        return self.parsed.get(i)

    def _cued(self, sent: dict) -> bool:
        c = cues(self.cue_path, sent["lang"])
        return bool(c.verb.search(sent["text"]) or c.according.search(sent["text"]))


def by_sentence(tokens: list[dict]) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = {}
    for tok in tokens:
        grouped.setdefault(tok["sent_id"], []).append(tok)
    return grouped


WORD = re.compile(r"[\w-]*")


def _kk_words(sentences: list[dict], tokens: dict[int, list[dict]], numbers: list[dict]) -> dict[int, list]:
    """Apertium's analysis of the Kazakh sentences that hold a claim, as words with offsets."""
    index = {s["sent_id"]: i for i, s in enumerate(sentences)}
    wanted = sorted({n["sent_id"] for n in numbers if n["is_claim"] and n["lang"] == "kk"})
    out = {}
    for sent_id in wanted:
        toks = tokens.get(sent_id, [])
        readings = kk_analyser().readings([t["text"] for t in toks])
        out[index[sent_id]] = [kk_objects.Word(t["text"], t["start"], t["end"], tuple(r))
                               for t, r in zip(toks, readings)]
    return out


def _kk_object(num: dict, words: list, frames: dict, kk_lexicon: str) -> tuple[Phrase | None, str | None]:
    rules = kk_rules(kk_lexicon)
    before = [w for w in words if w.end <= num["start"]]
    figure = [w for w in words if num["start"] < w.end and w.start < num["end"]]
    after = [w for w in words if w.start >= (num["range_end"] or num["end"])]
    found = kk_objects.find_object(before, figure, after, num["kind"], num["unit"], rules, frames["kk"])
    if found is None:
        return None, None
    phrase, head = found
    lemma = " ".join(w.lemma if w is head or w is phrase[-1] else w.text for w in phrase)
    # what it is of: the word before the head in the phrase ("бензин бағасы") or the genitive just
    # before the phrase ("АИ-92 бензинінің бағасы")
    before = [w for w in phrase if w.end <= head.start] or [w for w in words if w.end <= phrase[0].start][-1:]
    of = before[-1].lemma if before and (before[-1] in phrase or "gen" in before[-1].a.tags) else None
    return Phrase(phrase[0].start, phrase[-1].end, lemma, of), head.lemma.lower()


def _of(complement: tuple) -> str | None:
    """What a price is of, in dictionary form: the complement's noun with its adjectives ("цена на
    дизельное топливо АИ-92" -> "дизельное топливо")."""
    inside = {n.i for n in complement}
    root = next((n for n in complement if n.head not in inside and n.upos in ("NOUN", "PROPN")), None)
    if root is None:
        return None
    return ru_phrase_lemma([n.text for n in complement if n is root or (n.head == root.i and n.rel == "amod")])


def _word(lemma: str) -> str:
    """A head lemma without what the tokens glued to it ("голосов[https://www.change.org")."""
    return WORD.match(lemma).group() or lemma


def _from_tree(found, sent: dict, lex) -> tuple[Phrase, str]:
    words = [n.text for n in found.nodes if n not in found.complement]
    tail = found.complement
    lemma = ru_phrase_lemma(words) + (" " + sent["text"][tail[0].start - sent["start"]:tail[-1].end - sent["start"]]
                                      if tail else "")
    return Phrase(found.nodes[0].start, found.nodes[-1].end, lemma, _of(tail)), _word(head_lemma(found.head, lex))


def _object(num: dict, tree: list | None, tokens: list[dict], token_starts: list[int], sent: dict,
            frames: dict, kk_lexicon: str, kk_words: list | None,
            before=None) -> tuple[Phrase | None, str | None]:
    """The object phrase and its head's lemma: from the tree or the morphology where there is
    one, else from the words around the figure."""
    if kk_words is not None:
        return _kk_object(num, kk_words, frames, kk_lexicon)
    if tree is not None:
        found = object_in_tree(tree, num["start"], num["range_end"] or num["end"], num["kind"], num["unit"],
                               frames[num["lang"]], before)
        return _from_tree(found, sent, frames[num["lang"]]) if found is not None else (None, None)
    sent_tokens_from = bisect_left(token_starts, sent["start"])
    # what the first half of a range counts follows its second half: "5-7 тысяч человек"
    first_after = bisect_left(token_starts, num["range_end"] or num["end"])
    last = bisect_left(token_starts, sent["end"])
    after = tokens[first_after:last]
    before = tokens[sent_tokens_from:bisect_left(token_starts, num["start"])]
    phrase = find_object(num["lang"], after, before, num["unit"], kk_lexicon)
    return phrase, head_of(phrase.lemma) if phrase else None


def claims_for_doc(doc_id, text, sentences, tokens, entities, numbers, config) -> list[dict]:
    index = {s["sent_id"]: i for i, s in enumerate(sentences)}
    cue_path = str(resolve(config["claims"]["speech_lexicon"]))
    frames_path = str(resolve(config["claims"]["frames_lexicon"]))
    frames = {lang: frames_lexicon(frames_path, lang) for lang in ("ru", "kk")}
    sentence_tokens = by_sentence(tokens)
    trees = Trees(sentences, sentence_tokens, numbers, cue_path)
    kk_words = _kk_words(sentences, sentence_tokens, numbers)
    attributor = Attributor(text, sentences, entities, cue_path, trees, frames)
    lexicon = concepts(str(resolve(config["claims"]["objects_lexicon"])))
    qualified_concepts = qualified(str(resolve(config["claims"]["objects_lexicon"])))
    kk_lexicon = lexicon_path([resolve(p) for p in config["numbers"]["lexicons"]], "kk")
    token_starts = [t["start"] for t in tokens]
    sentence_starts = [s["start"] for s in sentences]
    sentence_entities: dict[int, list[dict]] = {}
    for e in entities:
        sentence_entities.setdefault(e["sent_id"], []).append(
            {"text": e["text"], "label": e["label"], "start": e["start"], "end": e["end"]})
    rows = []
    for num in numbers:
        if not num["is_claim"]:
            continue
        sent_index = index[num["sent_id"]]
        sent = sentences[sent_index]
        phrase, head = _object(num, trees.get(sent_index), tokens, token_starts, sent, frames, kk_lexicon,
                               kk_words.get(sent_index) if num["lang"] == "kk" else None,
                               lambda at=sent_index: trees.get(at - 1, cued_only=False))
        ents = sorted(sentence_entities.get(num["sent_id"], []), key=lambda e: (e["start"], e["end"]))
        rows.append({
            "claim_id": claim_id(doc_id, num["start"], num["end"], num["text"]),
            "doc_id": doc_id, "lang": num["lang"], "sent_id": num["sent_id"],
            "start": num["start"], "end": num["end"], "text": num["text"], "value": num["value"],
            "qualifier": num["qualifier"], "unit": num["unit"],
            **_object_fields(phrase, head, sentences[sentence_of(sentence_starts, phrase.start)] if phrase else None),
            "subject": attributor.subject(sent_index, num["start"]),
            "change": num.get("change"), "change_role": num.get("change_role"),
            "entities": ents, "sentence": sent["text"],
        })
    _list_items(rows, text)
    _lead_topics(rows, index, sentences, trees, frames)
    _elided_objects(rows, index, sentences)
    for row in rows:                         # keyed once each figure has taken its list's object
        key = object_key(row["object_lemma"], lexicon, row["object_head"], row.pop("object_of"), qualified_concepts)
        row["object_key"], row["group_id"] = key, group_id(row["value"], row["unit"], key, row["claim_id"])
    return rows


ELISION_REACH = 2     # sentences back that a figure with no noun may take its object from
OBJECT_FIELDS = ("object", "object_start", "object_end", "object_lemma", "object_head", "object_of")
LABEL_DASH = re.compile(r"\s*[—–-]\s*")


def _list_items(rows: list[dict], text: str) -> None:
    """The items of a list a figure opens with a colon count what it counts; a word beside an
    item's figure after a dash only labels it ("набрал 204 балла: 72 — математика, 60 — физика")."""
    for lead in rows:
        colon = text.find(":", lead["end"], lead["end"] + 40)
        if colon < 0 or lead["object_head"] is None or "\n" in text[lead["end"]:colon] or \
                any(lead["end"] <= r["start"] < colon for r in rows):
            continue
        for item in rows:
            if item["sent_id"] != lead["sent_id"] or item["start"] < colon or item["unit"] != lead["unit"]:
                continue
            own = item["object_start"]
            segment = (max(text.rfind(mark, colon, item["start"]) for mark in ",;:"),
                       min((i for i in (text.find(mark, item["end"]) for mark in ",;.") if i >= 0), default=len(text)))
            if own is None or not segment[0] <= own < segment[1] or LABEL_DASH.fullmatch(
                    text[item["end"]:own] if own >= item["end"] else text[item["object_end"]:item["start"]]):
                for field in OBJECT_FIELDS:
                    item[field] = lead[field]


def _lead_topics(rows: list[dict], index: dict[int, int], sentences: list[dict], trees: Trees,
                 frames: dict) -> None:
    """A figure with no object in a list announced by a sentence ending in a colon takes what that
    sentence says the list is about ("рассказал о призовых:\nПобедитель получит 368 млн рублей,
    ... второе место — 316 млн"): the list runs to the end of the paragraph after the colon, or of
    the colon's own paragraph when more follows it there."""
    topics: dict[int, tuple | None] = {}
    for row in rows:
        if row["object_head"] is not None:
            continue
        here = index[row["sent_id"]]
        lead = _list_lead(sentences, here)
        if lead is None:
            continue
        if lead not in topics:
            tree = trees.get(lead, cued_only=False)
            lex = frames[sentences[lead]["lang"]]
            found = lead_topic(tree, lex) if tree is not None else None
            topics[lead] = _from_tree(found, sentences[lead], lex) if found is not None else None
        if topics[lead] is not None:
            row.update(_object_fields(*topics[lead], sentences[lead]))


def _object_fields(phrase: Phrase | None, head: str | None, sent: dict | None) -> dict:
    """A claim's object columns; the phrase is copied as written from its sentence (`sent`), as the
    sentences keep the document's own letters where the analysed text reads Latin Kazakh in
    Cyrillic. `object_of` is for the key only, not a column."""
    if phrase is None:
        return {"object": None, "object_start": None, "object_end": None, "object_lemma": None,
                "object_head": head, "object_of": None}
    return {"object": sent["text"][phrase.start - sent["start"]:phrase.end - sent["start"]],
            "object_start": phrase.start, "object_end": phrase.end, "object_lemma": phrase.lemma,
            "object_head": head, "object_of": phrase.of}


def _list_lead(sentences: list[dict], here: int) -> int | None:
    """The sentence ending in a colon whose list the sentence `here` is in, if any."""
    para = sentences[here]["para_id"]
    for lead in range(here - 1, -1, -1):
        sent = sentences[lead]
        if sent["text"].rstrip().endswith(":"):
            last_of_its_paragraph = lead + 1 < len(sentences) and sentences[lead + 1]["para_id"] != sent["para_id"]
            return lead if sent["para_id"] == para or (last_of_its_paragraph and
                                                       sentences[lead + 1]["para_id"] == para) else None
        if sent["para_id"] != para:
            return None
    return None


def _elided_objects(rows: list[dict], index: dict[int, int], sentences: list[dict]) -> None:
    """A figure in a list that leaves its noun out takes the object of the figure before it
    with the same unit, in its paragraph ("9 очков, ..., 13, 23"; "Алматы — 1 200, Астана — 950")."""
    for i, row in enumerate(rows):
        if row["object_head"] is not None:
            continue
        here = index[row["sent_id"]]
        for earlier in reversed(rows[:i]):
            there = index[earlier["sent_id"]]
            if here - there > ELISION_REACH or sentences[here]["para_id"] != sentences[there]["para_id"]:
                break
            if earlier["unit"] == row["unit"] and earlier["object_head"] is not None:
                for field in OBJECT_FIELDS:
                    row[field] = earlier[field]
                break


@stage("claims", "claims.parquet", deps=("ingest", "language", "tokens", "ner_ru", "ner_kk", "numbers"),
       modules=("pipeline.objects", "pipeline.attribution", "pipeline.kk_morph", "pipeline.spans",
                "pipeline.groups", "pipeline.numbers", "pipeline.frames", "pipeline.syntax",
                "pipeline.kk_objects", "pipeline.kk_apertium", "pipeline.analysis", "pipeline.kk_latin"),
       data_files=lambda config: [config["claims"]["speech_lexicon"], config["claims"]["objects_lexicon"],
                                  config["claims"]["frames_lexicon"], *config["numbers"]["lexicons"],
                                  "configs/kk_latin.toml",
                                  *(f"models/{KK_ANALYSER_DIR.name}/{name}" for name in (ANALYSER, GRAMMAR))],
       schema="claims")
def claims(ctx: StageContext):
    texts = {doc_id: read.text for doc_id, read in analysis_texts(ctx.read("ingest"), ctx.read("language")).items()}
    sentences = by_doc(ctx.read("language").select(["doc_id", "sent_id", "para_id", "start", "end", "text", "lang"]))
    tokens = by_doc(ctx.read("tokens").select(["doc_id", "sent_id", "start", "end", "text"]))
    entities = by_doc(ctx.read("ner_ru"))
    for doc_id, ents in by_doc(ctx.read("ner_kk")).items():
        entities.setdefault(doc_id, []).extend(ents)
    numbers = by_doc(ctx.read("numbers"))
    metadata = documents_metadata(ctx.read("ingest"))
    ctx.set_total(len(numbers))
    rows = []
    for doc_id, nums in numbers.items():
        found = claims_for_doc(doc_id, texts[doc_id], sentences[doc_id], tokens.get(doc_id, []),
                               entities.get(doc_id, []), nums, ctx.config)
        rows.extend({**row, **metadata[doc_id]} for row in found)
        ctx.progress(1)
    return tables.to_table(rows, "claims")
