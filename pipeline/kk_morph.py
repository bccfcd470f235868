"""A light Kazakh lemmatiser: strips case, possessive and plural endings from a word's end.

Kazakh suffixes attach in a fixed order (stem + plural + possessive + case), so peeling them
from the right, longest first, recovers the stem well enough for grouping and normal forms
("іс-шарасына" -> "іс-шара", "Тоқаевтың" -> "Тоқаев", "байқаушылар" -> "байқаушы").
"""
from __future__ import annotations

CASE = sorted("""ның нің дың дің тың тің ға ге қа ке на не ны ні ды ді ты ті
да де та те нда нде нан нен дан ден тан тен мен бен пен ымен імен
дағы дегі тағы тегі ндағы ндегі ын ін сын сін""".split(), key=len, reverse=True)
POSSESSIVE = sorted("ы і сы сі ым ім ың ің ыңыз іңіз мыз міз ымыз іміз".split(),
                    key=len, reverse=True)
AGENT_ENDINGS = ("шы", "ші")   # сайлаушы, байқаушы: the -ы/-і is part of the noun
PATRONYMIC_ENDINGS = ("ұлы", "қызы", "улы", "кызы")   # Жанбекұлы: not a possessive
# Endings that begin with н follow only certain sounds: "үйінде" (after a possessive і) but
# "мекенде" is мекен + де, not меке + нде.
AFTER = {
    **{s: "ыі" for s in ("нда", "нде", "ндағы", "ндегі", "на", "не")},
    **{s: "ыімнң" for s in ("нан", "нен")},
    **{s: "аәеиоөұүыіэюяу" for s in ("ны", "ні")},
    **{s: "аәеиоөұүыіэюяумнң" for s in ("ның", "нің")},
}
PLURAL = sorted("лар лер дар дер тар тер".split(), key=len, reverse=True)
VOWELS = set("аәеиоөұүыіэюяу")
MIN_STEM = 2


def _peel(word: str, suffixes: list[str]) -> str:
    lowered = word.lower()
    for suffix in suffixes:
        stem_len = len(word) - len(suffix)
        if not lowered.endswith(suffix) or stem_len < MIN_STEM:
            continue
        stem = lowered[:stem_len]
        if not _has_vowel(stem) or (suffix in AFTER and stem[-1] not in AFTER[suffix]):
            continue
        if len(suffix) == 1 and (lowered.endswith(AGENT_ENDINGS) or stem[-1] in VOWELS - {"у"}):
            continue
        return word[:stem_len]
    return word


def _has_vowel(text: str) -> bool:
    return any(ch in VOWELS for ch in text)


NAME_ENDINGS = ("стан",)   # Үндістан, Ауғанстан: not an ablative -тан
WHOLE_NAMES = {"канада", "флорида", "гренада", "невада", "мұхтар", "ерден", "сұлтан", "нұрсұлтан"}
NAME_MIN_STEM = 4


def name_lemma(word: str) -> str:
    """Names lose one case ending, cautiously: "Тоқаевтың" -> "Тоқаев", "Канада" stays."""
    if word.lower().endswith(NAME_ENDINGS) or word.lower() in WHOLE_NAMES:
        return word
    peeled = _peel(word, CASE)
    if peeled != word and len(peeled) >= NAME_MIN_STEM:
        return peeled
    return word


def lemma(word: str, known: frozenset[str] = frozenset()) -> str:
    """Stem of a Kazakh word form; `known` stems stop the peeling early."""
    if "-" in word and word[0].isdigit():
        return word.split("-", 1)[0]
    current = word
    for suffixes in (CASE, POSSESSIVE, PLURAL):
        if suffixes is POSSESSIVE and current.lower().endswith(PATRONYMIC_ENDINGS):
            break
        if current.lower() in known:
            return current
        peeled = _peel(current, suffixes)
        current = peeled
    return current
