"""Language of a stretch of text: py3langid's scores plus Kazakh-only letters as evidence.

Russian never uses ә ғ қ ң ө ұ ү һ і; two of them in a Cyrillic sentence settle it as Kazakh,
however short, except і alone, which Ukrainian and Belarusian names share ("Укрзалізниці" in
Russian news). A short Cyrillic line with no Kazakh letter that the identifier still calls
Kazakh (a name: "Рами Хамдалла") is left undecided (None), for its neighbours to decide (see
the language stage).
"""
from __future__ import annotations

import copy
from functools import lru_cache

KK_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
SHARED_I = set("іІ")      # Ukrainian and Belarusian have it too
OURS = ("ru", "kk")


@lru_cache(maxsize=1)
def _model():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=4)
def identifier(candidates: tuple[str, ...]):
    """The model restricted to these languages; restrictions share one load of the model
    (0.4 s), as set_languages builds new arrays from the full model."""
    ident = copy.copy(_model())
    ident.set_languages(list(candidates))
    return ident


def count_letters(text: str) -> tuple[int, int, int, int]:
    """(letters, Cyrillic letters, Kazakh-only letters, those of them other than і)."""
    letters = cyrillic = kazakh = distinct = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if "\u0400" <= ch <= "\u04ff":
                cyrillic += 1
                if ch in KK_LETTERS:
                    kazakh += 1
                    distinct += ch not in SHARED_I
    return letters, cyrillic, kazakh, distinct


def detect(text: str, candidates: tuple[str, ...]) -> tuple[str | None, float]:
    letters, cyrillic, kazakh, distinct = count_letters(text)
    if letters == 0:
        return "other", 0.0
    if distinct and (cyrillic >= letters / 2 and kazakh >= 2 or (kazakh == 1 and cyrillic < 30)):
        return "kk", 0.99
    lang, prob = identifier(candidates).classify(text)
    if cyrillic >= letters / 2 and lang not in OURS:
        # Cyrillic without Kazakh letters: Russian unless the identifier is sure of another.
        if prob < 0.9:
            lang, prob = identifier(OURS).classify(text)
    if lang == "kk" and kazakh == 0 and cyrillic > 60:
        # a long Cyrillic stretch with no Kazakh letter is almost never Kazakh
        lang, prob = "ru", max(0.5, 1 - prob)
    elif lang == "kk" and kazakh == 0 and cyrillic < 30:
        return None, round(float(prob), 4)
    return (lang if lang in OURS else "other"), round(float(prob), 4)
