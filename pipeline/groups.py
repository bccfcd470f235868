"""Claim groups: the same figure about the same thing, across documents and languages."""
from __future__ import annotations

import hashlib
import tomllib
from functools import lru_cache

CONJUNCTIONS = {"и", "или", "мен", "пен", "бен", "және"}


@lru_cache(maxsize=4)
def concepts(path: str) -> dict[str, str]:
    """lemma (lower case) -> concept name."""
    with open(path, "rb") as handle:
        table = tomllib.load(handle)["concepts"]
    return {lemma.lower(): name for name, lemmas in table.items() for lemma in lemmas}


@lru_cache(maxsize=4)
def qualified(path: str) -> frozenset:
    """Concepts that are the same thing only of the same thing: a price, of one commodity."""
    with open(path, "rb") as handle:
        return frozenset(tomllib.load(handle).get("qualified", {}).get("concepts", []))


def head_of(lemma: str) -> str:
    """The head word of a phrase's lemma: the last word, or the first of a coordination."""
    words = lemma.lower().replace("ё", "е").split()
    for i, word in enumerate(words):
        if word in CONJUNCTIONS and i:
            return words[i - 1]
    return words[-1]


def object_key(lemma: str | None, lexicon: dict[str, str], head: str | None = None, of: str | None = None,
               qualified_concepts: frozenset = frozenset()) -> str | None:
    """A concept of configs/objects.toml, matched by the whole lemma, else by the head word
    (the tree's where there is one); else the head word itself. A qualified concept carries what
    it is of: "цена на бензин" and "бензин бағасы" are both `price:petrol`."""
    if not lemma:
        return None
    lemma = lemma.lower().replace("ё", "е")
    words = lemma.split()
    for i, word in enumerate(words):
        if word in CONJUNCTIONS and i:
            words = words[:i]
            break
    head = (head or head_of(lemma)).lower().replace("ё", "е")
    key = lexicon[lemma] if lemma in lexicon else lexicon.get(" ".join(words), lexicon.get(head, head))
    if key in qualified_concepts and of:
        of = of.lower().replace("ё", "е")
        key = f"{key}:{lexicon.get(of, lexicon.get(head_of(of), head_of(of)))}"
    return key


def group_id(value: float, unit: str | None, key: str | None, claim_id: str) -> str:
    """A group never mixes values; claims with no object stay alone (their own group)."""
    basis = f"{value!r}\x1f{unit}\x1f{key}" if key else f"solo\x1f{claim_id}"
    return hashlib.sha256(basis.encode()).hexdigest()[:12]
