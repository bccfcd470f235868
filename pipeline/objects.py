"""What a number counts: the noun phrase after it, and its dictionary form.

Russian uses natasha's morphology (pymorphy): adjectives and participles up to the head noun,
plus a coordinated noun ("предложений и пожеланий"). Kazakh has no morphology package here,
so the phrase runs over modifiers (listed words and adjective endings, configs/numbers_kk.toml)
up to the first other word, the head; its lemma comes from pipeline.kk_morph.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.kk_morph import lemma as kk_lemma

WORD = re.compile(r"^[^\W\d_][\w-]*$")
MAX_RU_WORDS = 6
UD_GENDER = {"masc": "Masc", "femn": "Fem", "neut": "Neut"}   # natasha inflects by UD features


@dataclass(frozen=True)
class Phrase:
    start: int
    end: int
    lemma: str
    of: str | None = None    # what it is of, in dictionary form: a price's commodity ("цена на бензин")


@lru_cache(maxsize=1)
def morph():
    from natasha import MorphVocab

    return MorphVocab()


@lru_cache(maxsize=4)
def kk_rules(lexicon_path: str) -> dict:
    with open(lexicon_path, "rb") as handle:
        rules = tomllib.load(handle)["objects"]
    rules["attributive"] = set(rules["attributive"])
    rules["conjunctions"] = set(rules["conjunctions"])
    rules["stop"] = set(rules["stop"])
    rules["adjective_endings"] = tuple(rules["adjective_endings"])
    rules["verb_endings"] = tuple(rules["verb_endings"])
    rules["final_verb_endings"] = tuple(rules["final_verb_endings"])
    rules["participle_endings"] = tuple(rules["participle_endings"])
    rules["participle_like_nouns"] = frozenset(rules["participle_like_nouns"])
    rules["whole_words"] = frozenset(rules["whole_words"])
    rules["leading"] = frozenset(rules["leading"])
    rules["light_verb_nouns"] = frozenset(rules["light_verb_nouns"])
    return rules


def _ru_parse(word: str):
    return morph().parse(word)[0]


def _ru_role(word: str) -> str | None:
    if not WORD.match(word):
        return None
    if word.isupper() and len(word) > 1:
        return "noun"                     # СМИ, США, ВУЗ
    tag = _ru_parse(word).tag
    if tag.POS in ("ADJF", "PRTF"):
        return "adj"
    if tag.POS == "NOUN":
        return "noun"
    return None


def ru_phrase_lemma(words: list[str]) -> str:
    nouns = [w for w in words if _ru_role(w) == "noun"]
    head = _ru_parse(nouns[0]) if nouns else None
    gender = head.tag.gender if head is not None else None
    out = []
    for word in words:
        if word.lower() in ("и", "или"):
            out.append(word.lower())
            continue
        if word.isupper() and len(word) > 1:
            out.append(word)
            continue
        parsed = _ru_parse(word)
        if parsed.tag.POS in ("ADJF", "PRTF") and gender in UD_GENDER:
            form = parsed.inflect({"Nom", "Sing", UD_GENDER[gender]})
            out.append(form.word if form else parsed.normal_form)
        else:
            out.append(parsed.normal_form)
    return " ".join(out).replace("ё", "е")


def ru_object(tokens: list[dict]) -> Phrase | None:
    """`tokens`: the sentence's tokens after the number, in order."""
    taken: list[dict] = []
    head = False
    i = 0
    while i < len(tokens) and len(taken) < MAX_RU_WORDS:
        role = _ru_role(tokens[i]["text"])
        if role == "adj":
            taken.append(tokens[i])
        elif role == "noun":
            taken.append(tokens[i])
            head = True
            nxt = tokens[i + 1:i + 4]
            if nxt and nxt[0]["text"].lower() in ("и", "или") and len(nxt) > 1:
                roles = [_ru_role(t["text"]) for t in nxt[1:]]
                if roles[0] == "noun":
                    taken += nxt[:2]
                elif roles[0] == "adj" and len(roles) > 1 and roles[1] == "noun":
                    taken += nxt[:3]
            break
        else:
            break
        i += 1
    if not head:
        return None
    return Phrase(taken[0]["start"], taken[-1]["end"], ru_phrase_lemma([t["text"] for t in taken]))


def _kk_is_participle(word: str, rules: dict) -> bool:
    lowered = word.lower()
    return (lowered.endswith(rules["participle_endings"]) and len(lowered) > 4
            and lowered not in rules["participle_like_nouns"])


def _kk_is_modifier(word: str, rules: dict) -> bool:
    lowered = word.lower()
    return (lowered in rules["attributive"] or lowered.endswith(rules["adjective_endings"])
            or _kk_is_participle(word, rules))


def kk_object(tokens: list[dict], rules: dict) -> Phrase | None:
    """Modifiers up to the head noun. Where no head follows, a participle that closes the
    phrase is the clause's verb, not what is counted: "5 млрд теңге бөлінген." has no object."""
    taken: list[dict] = []
    head = False
    i = 0
    while i < len(tokens) and len(taken) < rules["max_words"]:
        word, lowered = tokens[i]["text"], tokens[i]["text"].lower()
        if not WORD.match(word) or lowered in rules["stop"] or lowered.endswith(rules["verb_endings"]):
            break
        clause_ends = i + 1 == len(tokens) or not WORD.match(tokens[i + 1]["text"])
        if clause_ends and lowered.endswith(rules["final_verb_endings"]) and lowered not in rules["whole_words"]:
            break
        taken.append(tokens[i])
        if not _kk_is_modifier(word, rules) or word.isupper():
            head = True
            nxt = tokens[i + 1:i + 3]
            if (len(nxt) == 2 and nxt[0]["text"].lower() in rules["conjunctions"]
                    and WORD.match(nxt[1]["text"]) and nxt[1]["text"].lower() not in rules["stop"]):
                taken += nxt
            break
        i += 1
    while taken and not head and _kk_is_participle(taken[-1]["text"], rules):
        taken.pop()
    if not taken:
        return None
    return Phrase(taken[0]["start"], taken[-1]["end"], _kk_phrase_lemma([t["text"] for t in taken], rules))


def _kk_phrase_lemma(words: list[str], rules: dict) -> str:
    """Modifiers stay as written; heads (the last word, and the word before a conjunction)
    lose their endings: "үгіт-насихат іс-шарасына" -> "үгіт-насихат іс-шара"."""
    out = []
    for i, word in enumerate(words):
        is_head = i == len(words) - 1 or words[i + 1].lower() in rules["conjunctions"]
        out.append(kk_lemma(word, rules["whole_words"]) if is_head and
                   word.lower() not in rules["conjunctions"] else word)
    return " ".join(out)


def kk_genitive_before(tokens: list[dict], rules: dict) -> Phrase | None:
    """For Kazakh percentages the whole stands before: "тұрғын үйлердің 97,9 пайызы"."""
    if not tokens or not re.search(r"(ның|нің|дың|дің|тың|тің)$", tokens[-1]["text"].lower()):
        return None
    taken = [tokens[-1]]
    for tok in reversed(tokens[:-1]):
        if not WORD.match(tok["text"]) or not _kk_is_modifier(tok["text"], rules):
            break
        taken.insert(0, tok)
    return Phrase(taken[0]["start"], taken[-1]["end"], _kk_phrase_lemma([t["text"] for t in taken], rules))


def find_object(lang: str, after: list[dict], before: list[dict], unit: str | None,
                kk_lexicon: str | Path) -> Phrase | None:
    if unit == "times":
        return None        # a ratio compares; the words after it are not what it counts
    if lang == "ru":
        return ru_object(after)
    if lang == "kk":
        rules = kk_rules(str(kk_lexicon))
        phrase = kk_object(after, rules)
        if phrase is None and unit == "percent":
            phrase = kk_genitive_before(before, rules)
        return phrase
    return None
