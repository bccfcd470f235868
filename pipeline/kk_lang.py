"""A Kazakh language class for spaCy, which ships none (spacy.blank("kk") fails with E048).

Tokenisation follows KazNERD: hyphenated words stay whole ("үгіт-насихат", "Қасым-Жомарт",
"5000-нан"), a case ending stays on its sign ("74,9 %-ы", "%-ға"), and abbreviations ("т.б.",
"ж.") are single tokens.
"""
from __future__ import annotations

import re
import sys


def _import_spacy_without_torch():
    """spaCy's thinc imports torch (about a second) only to offer torch layers; tokenisers need
    none, so a process that has not loaded torch yet imports spaCy without it (stanza, where
    Kazakh text needs it, imports torch normally afterwards)."""
    if "torch" in sys.modules:
        return
    sys.modules["torch"] = None          # an ImportError for thinc's optional import
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["torch"]


_import_spacy_without_torch()

import spacy  # noqa: E402
from spacy.lang.char_classes import ALPHA, ALPHA_LOWER, ALPHA_UPPER, CONCAT_QUOTES, LIST_ELLIPSES, LIST_ICONS
from spacy.language import BaseDefaults, Language
from spacy.symbols import ORTH
from spacy.util import registry

from pipeline.segment import KK_ABBREVIATIONS

KK_ALPHA = ALPHA + "ӘәҒғҚқҢңӨөҰұҮүҺһІі"

# spaCy's default infixes minus the one that splits letter-hyphen-letter.
INFIXES = (
    LIST_ELLIPSES
    + LIST_ICONS
    + [
        r"(?<=[0-9])[+\-\*^](?=[0-9-])",
        r"(?<=[0-9])(?=[%‰]-)",
        r"(?<=[{al}{q}])\.(?=[{au}{q}])".format(al=ALPHA_LOWER, au=ALPHA_UPPER, q=CONCAT_QUOTES),
        r"(?<=[{a}]),(?=[{a}])".format(a=KK_ALPHA),
        r"(?<=[{a}0-9])[:<>=/](?=[{a}])".format(a=KK_ALPHA),
    ]
)


# "%-ға": spaCy's prefix rules would split off "%" and leave a bare case ending.
SIGN_WITH_ENDING = re.compile(r"^[%‰°№$€₸£]-[{a}]+$".format(a=KK_ALPHA))


def _exceptions() -> dict:
    exceptions = dict(BaseDefaults.tokenizer_exceptions)
    for abbr in KK_ABBREVIATIONS:
        for form in {abbr, abbr.capitalize(), abbr.upper()}:
            exceptions[form] = [{ORTH: form}]
    return exceptions


class KazakhDefaults(BaseDefaults):
    tokenizer_exceptions = _exceptions()
    infixes = INFIXES
    token_match = SIGN_WITH_ENDING.match


@registry.languages("kk")
class Kazakh(Language):
    lang = "kk"
    Defaults = KazakhDefaults


def blank(lang: str) -> Language:
    """spaCy's blank pipeline for ru/kk; anything else gets the multi-language tokenizer."""
    return spacy.blank(lang if lang in ("ru", "kk") else "xx")
