"""Language of a stretch of text: py3langid's scores plus the letters each language writes.

sanaq analyses Russian and Kazakh; the region's other languages must come out `other`, never
`kk` or `ru`, or Kazakh NER and Kazakh number rules would run on them. Russian writes none of
the letters in REGION_LETTERS; a Cyrillic sentence with some is of a language whose letters
include them all. Letters only Kazakh writes among those ("ұ", or "і" with "ө") settle it as
Kazakh, however short; where other languages fit the letters too ("ң ө ү" are Kyrgyz as well,
"і" alone Ukrainian or Belarusian: "Укрзалізниці" in Russian news), the identifier chooses among
them and Russian. A short Cyrillic line with no Kazakh letter that the identifier still calls
Kazakh (a name: "Рами Хамдалла") is left undecided (None), for its neighbours to decide (see
the language stage).

Latin script is Kazakh when it reads as Kazakh once transliterated (pipeline/kk_latin.py), the
identifier is not sure of another language (it takes Latin Kazakh for Turkish, so not Turkish),
and it writes a letter of a Kazakh alphabet that Turkish and Uzbek lack (has_kazakh_marks);
one with Kazakh's letters only but none of those ("Ol ötken jylğymen...") is undecided.
"""
from __future__ import annotations

import copy
from functools import lru_cache

from pipeline.kk_latin import has_kazakh_marks, transliterate

# The Cyrillic letters beyond Russian's that each language of the region writes.
REGION_LETTERS = {
    "kk": "әғқңөұүһі",
    "ky": "ңөү",
    "tt": "әөүҗңһ",
    "ba": "әөүғҡңҙҫһ",
    "mn": "өү",
    "uz": "ўқғҳ",
    "uk": "іїєґ",
    "be": "ўі",
}
RUSSIAN_LETTERS = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
KK_LETTERS = set(REGION_LETTERS["kk"])
SHARED_I = {"і"}                   # alone, as likely Ukrainian or Belarusian (the identifier decides)
LATIN_MISREAD_AS = "tr"            # what the identifier calls Latin Kazakh
CYRILLIC_OF_ITS_OWN = 20           # Cyrillic letters that make a mostly Latin sentence Cyrillic text
NOT_UZBEK = set("äñūıöüşğ")          # Latin Kazakh letters Uzbek never writes (the identifier takes them for it)
SURE = 0.98                        # identifier probability that rules Latin Kazakh out
UNLIKELY = 0.03                    # Russian and Kazakh together at most this: another language
SURE_OF_ANOTHER = 0.8              # a Cyrillic text without telling letters is Russian unless this sure
FOREIGN_SHARE = 20                 # at most one letter in this many outside the Kazakh alphabet
OURS = ("ru", "kk")


@lru_cache(maxsize=1)
def _model():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=16)
def identifier(candidates: tuple[str, ...]):
    """The model restricted to these languages; restrictions share one load of the model
    (0.4 s), as set_languages builds new arrays from the full model."""
    ident = copy.copy(_model())
    ident.set_languages(list(candidates))
    return ident


def is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def count_letters(text: str) -> tuple[int, int, int]:
    """(letters, Cyrillic letters, Kazakh letters beyond Russian's)."""
    letters = cyrillic = kazakh = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if is_cyrillic(ch):
                cyrillic += 1
                kazakh += ch.lower() in KK_LETTERS
    return letters, cyrillic, kazakh


def script_from(letters: int, cyrillic: int) -> str | None:
    """`cyrillic` or `latin`, whichever most letters are in, but Cyrillic where enough words are
    (the Latin is names, read as they are); None without letters. From count_letters' counts,
    which the language stage has taken already."""
    if not letters:
        return None
    return "cyrillic" if cyrillic >= letters / 2 or cyrillic >= CYRILLIC_OF_ITS_OWN else "latin"


def detect(text: str, candidates: tuple[str, ...]) -> tuple[str | None, float]:
    letters, cyrillic, kazakh = count_letters(text)
    if letters == 0:
        return "other", 0.0
    if cyrillic < letters / 2:
        if cyrillic < CYRILLIC_OF_ITS_OWN:
            return _detect_latin(text, candidates, letters)
        # a Cyrillic sentence that names things in Latin ("Комри поиграл за шесть команд (''Edmonton
        # Oilers'', ''Philadelphia Flyers'', ...)") is in the language of its Cyrillic words
        text = " ".join(word for word in text.split() if any(is_cyrillic(ch) for ch in word))
    return _detect_cyrillic(text, candidates)


def _detect_cyrillic(text: str, candidates: tuple[str, ...]) -> tuple[str | None, float]:
    letters, cyrillic, kazakh = count_letters(text)
    if letters == 0:
        return "other", 0.0
    beyond = {ch for ch in text.lower() if is_cyrillic(ch) and ch.isalpha() and ch not in RUSSIAN_LETTERS}
    fitting = tuple(lang for lang, own in REGION_LETTERS.items() if beyond <= set(own))
    if beyond - SHARED_I and fitting != ("kk",):
        # the identifier chooses among Russian and the languages that write these letters
        ranked = identifier(tuple(sorted({"ru", *fitting})) if fitting else candidates).rank(text)
        lang, prob = ranked[0]
        ours = sum(p for candidate, p in ranked if candidate in OURS)
        if lang not in OURS:
            sure = ours <= UNLIKELY or "kk" not in fitting
            return ("other" if sure else None), round(float(prob), 4)   # unsure: its neighbours decide
        if lang == "ru":
            return lang, round(float(prob), 4)
    if beyond - SHARED_I and "kk" in fitting and (kazakh >= 2 or cyrillic < 30):
        return "kk", 0.99
    first, prob = identifier(candidates).classify(text)
    lang = first
    if lang not in OURS and prob < SURE_OF_ANOTHER:
        # Cyrillic without Kazakh letters: Russian unless the identifier is sure of another.
        lang, prob = identifier(OURS).classify(text)
    if lang == "kk" and kazakh == 0 and first in REGION_LETTERS and first != "kk":
        return None, round(float(prob), 4)        # Turkic without Kazakh letters ("ашыу иген йыйып")
    if lang == "kk" and kazakh == 0 and cyrillic > 60:
        # a long Cyrillic stretch with no Kazakh letter is almost never Kazakh
        lang, prob = "ru", max(0.5, 1 - prob)
    elif lang == "kk" and kazakh == 0 and cyrillic < 30:
        return None, round(float(prob), 4)
    return (lang if lang in OURS else "other"), round(float(prob), 4)


def _detect_latin(text: str, candidates: tuple[str, ...], letters: int) -> tuple[str | None, float]:
    lang, prob = identifier(candidates).classify(text)
    if lang == LATIN_MISREAD_AS or prob < SURE or (lang == "uz" and NOT_UZBEK & set(text.lower())):
        cyrillic = transliterate(text).text
        read, read_prob = _detect_cyrillic(cyrillic, candidates)   # not detect: what stays Latin would loop
        foreign = sum(ch.isalpha() and not is_cyrillic(ch) for ch in cyrillic)
        if read == "kk" and foreign * FOREIGN_SHARE <= letters:
            return ("kk" if has_kazakh_marks(text) else None), read_prob
    return (lang if lang in OURS else "other"), round(float(prob), 4)
