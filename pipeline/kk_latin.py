"""Latin-script Kazakh read back into Cyrillic, one written character for one analysed character.

sanaq's Kazakh tools (tokeniser rules, NER model, number lexicon, morphological analyser) read
Cyrillic, and Kazakh news also appears in three Latin alphabets (configs/kk_latin.toml). Every
offset must point into the text as written, so the Cyrillic is exactly as long as the Latin: a
letter gives a letter, and where two written characters make one letter ("sh", "g'", "iu") the
spare place becomes a FILLER space at the end of the word. A word thus starts and ends where it
is written, and a span that ends a word reaches over its fillers (`Transliteration.end`).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from pipeline.config import resolve

TABLE = "configs/kk_latin.toml"
FILLER = " "
APOSTROPHES = "'’ʼ"
WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’ʼ])*")
DEFAULT = "2021"


@dataclass(frozen=True)
class Alphabet:
    name: str
    marks: str
    letters: dict[str, str]
    capitals: dict[str, str]
    pairs: dict[str, str]
    pairs_after_vowel: dict[str, str]

    def score(self, text: str) -> int:
        """How many of its telling marks a text has: letters of its own, and apostrophes only
        where they close one of its pairs (an apostrophe is also a quote)."""
        lowered = _plain(text)
        own = sum(ch in self.marks for ch in text if ch not in APOSTROPHES)
        return own + sum(lowered.count(pair) for pair in self.pairs if pair[1] == "'")


@dataclass(frozen=True)
class Transliteration:
    text: str
    fillers: frozenset[int]

    def end(self, offset: int) -> int:
        """A span's end moved over the fillers right after it, to the end of the written word."""
        while offset in self.fillers:
            offset += 1
        return offset


@lru_cache(maxsize=1)
def _table() -> dict:
    with open(resolve(TABLE), "rb") as f:
        table = tomllib.load(f)
    for source, target in {**table["respell"]["stems"], **table["respell"]["inside"]}.items():
        if len(target) > len(source):
            raise ValueError(f"{TABLE}: respelling {source!r} -> {target!r} would lengthen the text")
    return table


@lru_cache(maxsize=1)
def alphabets() -> dict[str, Alphabet]:
    return {name: Alphabet(name, a["marks"], a["letters"], a["capitals"], a["pairs"], a["pairs_after_vowel"])
            for name, a in _table()["alphabets"].items()}


def alphabet_of(text: str) -> Alphabet:
    """The alphabet whose marks the text has most of; 2021's when it has none."""
    scores = {name: alphabet.score(text) for name, alphabet in alphabets().items()}
    return alphabets()[max(scores, key=lambda name: (scores[name], name == DEFAULT))]


def has_kazakh_marks(text: str) -> bool:
    """Whether the text writes a letter only Kazakh writes among Latin alphabets of the region
    (configs/kk_latin.toml kazakh_marks), or an apostrophe letter of 2017."""
    return bool(set(_table()["kazakh_marks"]) & set(text.lower())) or alphabets()["2017"].score(text) > 0


def _plain(text: str) -> str:
    """Lower case for matching pairs: one apostrophe, and "İ" as "i" (Python lowers it to two)."""
    for mark in APOSTROPHES[1:]:
        text = text.replace(mark, "'")
    return text.replace("İ", "i").lower()


def _cyrillic_word(word: str, alphabet: Alphabet, vowels: str) -> str:
    out: list[str] = []
    k = 0
    while k < len(word):
        pair = _plain(word[k:k + 2])
        after_vowel = not out or out[-1].lower() in vowels
        if pair in alphabet.pairs or (after_vowel and pair in alphabet.pairs_after_vowel):
            letter, step = alphabet.pairs.get(pair) or alphabet.pairs_after_vowel[pair], 2
        else:
            ch = word[k]
            letter, step = alphabet.letters.get(alphabet.capitals.get(ch, ch.lower()), ch), 1
        if letter == "и" and out and after_vowel:
            letter = "й"                         # "Aita" -> Айта, "keteiık" -> кетейік
        out.append(letter.upper() if word[k].isupper() else letter)
        k += step
    return _respell("".join(out))


def _respell(word: str) -> str:
    respell = _table()["respell"]
    for source, target in respell["stems"].items():
        if word.lower().startswith(source):
            head = word[:len(source)]
            word = (target.upper() if head.isupper() else target.capitalize() if head[0].isupper()
                    else target) + word[len(source):]
            break
    for source, target in respell["inside"].items():
        word = word.replace(source, target).replace(source.upper(), target.upper())
    return word


def transliterate(text: str, alphabet: Alphabet | None = None) -> Transliteration:
    """The Cyrillic reading of Latin-script Kazakh text, as long as the text (see the module)."""
    alphabet = alphabet or alphabet_of(text)
    vowels = _table()["vowels"]
    parts: list[str] = []
    fillers: set[int] = set()
    last = 0
    for m in WORD.finditer(text):
        word = _cyrillic_word(m.group(), alphabet, vowels)
        spare = len(m.group()) - len(word)
        parts += [text[last:m.start()], word, FILLER * spare]
        fillers.update(range(m.end() - spare, m.end()))
        last = m.end()
    parts.append(text[last:])
    return Transliteration("".join(parts), frozenset(fillers))
