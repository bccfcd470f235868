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


def head_of(lemma: str) -> str:
    """The head word of a phrase's lemma: the last word, or the first of a coordination."""
    words = lemma.lower().replace("ё", "е").split()
    for i, word in enumerate(words):
        if word in CONJUNCTIONS and i:
            return words[i - 1]
    return words[-1]


def object_key(lemma: str | None, lexicon: dict[str, str], head: str | None = None) -> str | None:
    """A concept of configs/objects.toml, matched by the whole lemma, else by the head word
    (the tree's where there is one); else the head word itself."""
    if not lemma:
        return None
    lemma = lemma.lower().replace("ё", "е")
    if lemma in lexicon:
        return lexicon[lemma]
    words = lemma.split()
    for i, word in enumerate(words):
        if word in CONJUNCTIONS and i:
            words = words[:i]
            break
    head = (head or head_of(lemma)).lower().replace("ё", "е")
    return lexicon.get(" ".join(words), lexicon.get(head, head))


def group_id(value: float, unit: str | None, key: str | None, claim_id: str) -> str:
    """A group never mixes values; claims with no object stay alone (their own group)."""
    basis = f"{value!r}\x1f{unit}\x1f{key}" if key else f"solo\x1f{claim_id}"
    return hashlib.sha256(basis.encode()).hexdigest()[:12]
