"""Language of a stretch of text: py3langid's scores plus Kazakh-only letters as evidence.

Russian never uses ә ғ қ ң ө ұ ү һ і; two of them in a Cyrillic sentence settle it as Kazakh,
however short. Segments too short to judge are decided by their neighbours (see language stage).
"""
from __future__ import annotations

from functools import lru_cache

KK_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
OURS = ("ru", "kk")


@lru_cache(maxsize=4)
def identifier(candidates: tuple[str, ...]):
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    ident.set_languages(list(candidates))
    return ident


def count_letters(text: str) -> tuple[int, int, int]:
    """(letters, Cyrillic letters, Kazakh-only letters)."""
    letters = cyrillic = kazakh = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if "\u0400" <= ch <= "\u04ff":
                cyrillic += 1
                if ch in KK_LETTERS:
                    kazakh += 1
    return letters, cyrillic, kazakh


def detect(text: str, candidates: tuple[str, ...]) -> tuple[str, float]:
    letters, cyrillic, kazakh = count_letters(text)
    if letters == 0:
        return "other", 0.0
    if cyrillic >= letters / 2 and kazakh >= 2 or (kazakh == 1 and cyrillic < 30):
        return "kk", 0.99
    lang, prob = identifier(candidates).classify(text)
    if cyrillic >= letters / 2 and lang not in OURS:
        # Cyrillic without Kazakh letters: Russian unless the identifier is sure of another.
        if prob < 0.9:
            lang, prob = identifier(OURS).classify(text)
    if lang == "kk" and kazakh == 0 and cyrillic > 60:
        # a long Cyrillic stretch with no Kazakh letter is almost never Kazakh
        lang, prob = "ru", max(0.5, 1 - prob)
    return (lang if lang in OURS else "other"), round(float(prob), 4)
