"""What a Kazakh figure is about, from Apertium's morphology of its sentence (pipeline.kk_apertium).

Kazakh puts modifiers before the noun and marks relations with endings, so the object is, in
order: the noun phrase after the number (modifiers, then the head; a noun compound "электр
станциясы", "жол ережесі" has its last noun as head; a classifier gives way to what it
classifies); else the genitive right before the figure ("тұрғындардың 60 пайызы", "үш көпірдің
екеуі"); else the possessed noun before it ("бағасы 250 теңге"; a container such as "саны",
"ұзындығы" gives way to its genitive possessor: "шекарасының ұзындығы" -> шекара); else a bare
noun before it when a verb of quantity follows ("экспорт 92 млрд долларды құрады")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.frames import Lexicon
from pipeline.kk_apertium import Analysis
from pipeline.kk_morph import lemma as stripped_lemma

NOUN_TAGS = ("n", "np")
CASES = ("nom", "gen", "dat", "acc", "loc", "abl", "ins")
PARTICIPLES = ("gpr_", "prc_")
DASHES = ("—", "–", "-")
POSSESSED = re.compile(r"(?:[%\d]-?|пайыз|процент|еу|ау)(?:ы|і|сы|сі|ын|ін|сын|сін|ына|іне|ынан|інен|ында|інде)$")
PUNCT = ("sent", "cm", "guio", "lquot", "rquot", "lpar", "rpar", "apos", "quot")
ACCUSATIVE = ("ды", "ді", "ты", "ті", "ны", "ні")
VOWELS = set("аәеиоөұүуыіэюя")
VOICELESS = set("қктпсш")
DEVOICED = {"ғ": "қ", "г": "к", "б": "п"}      # a stem's final voiceless stop voices before a vowel          # an ending in these follows a voiceless consonant, never a vowel
VERBS = ("v", "vaux")
RATE_ENDINGS = ("ына", "іне", "сына", "сіне")
AGENT_ENDINGS = ("шы", "ші", "шылар", "шілер")
ABLATIVE = ("дан", "ден", "тан", "тен", "нан", "нен")
OBLIQUE = ("дан", "ден", "тан", "тен", "нан", "нен", "нда", "нде", "дағы", "дегі")   # of unknown words
PARTICIPLE_ENDINGS = ("атын", "етін", "йтын", "йтін", "ған", "ген", "қан", "кен")   # "кеңейетін болады"
PERSONS = ("p1", "p2", "p3")


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int
    readings: tuple[Analysis, ...]     # what the grammar leaves, preferred first

    @property
    def a(self) -> Analysis:
        return self.readings[0]

    @property
    def noun(self) -> Analysis | None:
        """A common or proper noun reading, if the grammar left one."""
        nouns = [r for r in self.readings if r.pos in NOUN_TAGS and not r.lemma.isdigit()]
        # the word itself before a stem with an ending: "аудан" (district), not "ау" + "-дан"
        return next((r for r in nouns if r.lemma.lower() == self.text.lower()), nouns[0] if nouns else None)

    @property
    def lemma(self) -> str:
        """The dictionary form, in the analyser's case ("БАҚ", "ауыл")."""
        if self.noun is not None:
            lemma = self.noun.lemma         # "2.8%,немістер": a comma with no space after it joins tokens
            return lemma.rsplit(",", 1)[-1] if "," in lemma and lemma.rsplit(",", 1)[-1].isalpha() else lemma
        verbal_noun = self.a.pos == "v" and any("subst" in r.tags and "pl" in r.tags for r in self.readings)
        if self.a.known and not verbal_noun and (self.a.pos != "adj" or not self.text.lower().endswith(ACCUSATIVE)):
            return self.a.lemma                             # "шағын", "келісім" read as adjectives
        text = re.sub(r"(?<=\w\w\w)(?:дай|дей|тай|тей)$", "", self.text) if not self.a.known else self.text
        lemma = stripped_lemma(text, frozenset())           # "ауылды" read as an adjective, "скважинадай"
        peeled = text[len(lemma):].lower()
        if lemma[-1:].lower() in VOWELS and peeled[:1] in VOICELESS:
            return self.text                                # "медбике": no "-ке" after a vowel
        if peeled and lemma[-1:] in DEVOICED:
            return lemma[:-1] + DEVOICED[lemma[-1]]         # "қуаттылығы" -> қуаттылық
        return lemma

    def has(self, *tags: str) -> bool:
        reading = self.noun or self.a
        return any(t in reading.tags for t in tags)

    def is_noun(self, rules: dict) -> bool:
        """A noun reading, or an adjective inflected as a noun ("тауарларға"); an unknown word is
        most often a noun, unless it ends like a verb or an adjective."""
        lowered = self.text.lower()
        if lowered in rules["whole_words"]:
            return True
        if self.a.known:
            return self.noun is not None or any(       # "тауарларға", "жұқтырғандардың"
                "subst" in r.tags and ("pl" in r.tags or (r.pos != "v" and any(t in r.tags for t in CASES[1:])))
                for r in self.readings)
        if lowered.endswith(("лығы", "лігі", "дығы", "дігі", "тығы", "тігі")):
            return True                                 # "Қуаттылығы": a "-лық" noun possessed, not "-ғы"
        return self.text[:1].isalpha() and not lowered.endswith(
            rules["final_verb_endings"] + rules["verb_endings"] + rules["participle_endings"]
            + rules["adjective_endings"])

    @property
    def can_be_verb(self) -> bool:
        """A verb reading other than an imperative ("қой", sheep, is also "put!")."""
        return any(r.pos in VERBS and "imp" not in r.tags for r in self.readings)

    @property
    def is_finite(self) -> bool:
        """A reading of a finite verb ("алды", took; "түсті"; "бөлінген", was allocated)."""
        return any(r.pos in VERBS and "imp" not in r.tags and any(t in PERSONS for t in r.tags)
                   for r in self.readings)

    @property
    def is_punct(self) -> bool:
        return self.a.pos in PUNCT or not any(c.isalnum() for c in self.text)

    @property
    def is_genitive(self) -> bool:
        if self.a.known:
            return self.has("gen")
        return self.text.lower().endswith(("ның", "нің", "дың", "дің", "тың", "тің"))

    def is_unit(self, lex: Lexicon) -> bool:
        lowered = self.text.lower()
        return self.a.pos == "abbr" or self.lemma.lower() in lex.unit_words or lowered in lex.unit_words \
            or ("-" in lowered and lowered.split("-")[0] in lex.unit_words)      # "км3-ді"


def _is_modifier(word: Word, rules: dict) -> bool:
    """Chosen reading an adjective, determiner, participle or attributive noun."""
    lowered = word.text.lower()
    if lowered in rules["attributive"]:
        return True
    if word.a.pos in ("adj", "det", "ord") or "attr" in word.a.tags:
        return True
    if not word.a.known and lowered.endswith(rules["adjective_endings"]):
        return True
    if word.a.pos != "v" or any(t.startswith("px") for t in word.a.tags):
        return False                                    # "көтерілуі": a possessed verbal noun heads
    return any(t.startswith(PARTICIPLES + ("ger",)) for t in word.a.tags)


def _predicate(words: list[Word], i: int) -> bool:
    """A word that may be a verb and ends its clause ("17000 тонна өнім алды.", "2 миллиард
    доллардан асып түсті.", "474000000 теңге бөлінген."): the predicate, never what is counted."""
    word = words[i]
    following = words[i + 1] if i + 1 < len(words) else None
    if following is None or following.is_punct:
        return word.is_finite
    if following.a.pos not in VERBS or following.noun is not None:
        return False
    if any(r.pos == "v" and "ger" in r.tags and ("acc" in r.tags or "dat" in r.tags) for r in word.readings):
        return True                                     # "300 млрд теңге бөлуді тапсырдым": to allocate
    verbal = word.can_be_verb or (not word.a.known and word.text.lower().endswith(PARTICIPLE_ENDINGS))
    return verbal and word.noun is None


def _continues(word: Word, rules: dict) -> bool:
    """Whether a noun phrase can go on with this word."""
    lowered = word.text.lower()
    if word.a.pos == "det" and "dem" in word.a.tags:
        return False                                    # "2 жолаушы сол жерде": a demonstrative opens a new phrase
    return not word.is_punct and lowered not in rules["stop"] and lowered not in rules["conjunctions"] \
        and (word.is_noun(rules) or _is_modifier(word, rules))


def _after(words: list[Word], rules: dict, lex: Lexicon) -> tuple[int, int, int] | None:
    """(first, head, last) indices of the noun phrase right after the figure: modifiers, then the
    first noun the phrase cannot go on from, or a noun compound's last common noun."""
    first = last = None
    having = set(rules.get("having", ()))
    skip = 0
    oblique_unit = False
    for i, word in enumerate(words[:rules["max_words"] + 2]):
        if skip:
            skip -= 1
            continue
        lowered = word.text.lower()
        following = words[i + 1] if i + 1 < len(words) else None
        if word.text == "(" and i + 2 < len(words) and words[i + 2].text == ")" and not words[i + 1].a.known:
            skip = 2                                    # "16000 (э) адамды": a hesitation
            continue
        if first is None and lowered in rules["leading"]:
            continue                                    # "5000-нан астам ауыл"
        if first is None and lowered in rules.get("approximate", ()):
            continue                                    # "240000 теңге көлемінде айыппұл"
        if lowered in rules["conjunctions"] and first is not None and last == i - 1 and following is not None \
                and _is_modifier(words[i - 1], rules) and not words[i - 1].is_noun(rules) and _is_modifier(following, rules):
            continue                                    # "41300 шағын және орта кәсіпкерлік субъектісі"
        if word.is_punct or lowered in rules["stop"] or lowered in rules["conjunctions"]:
            break
        if first is None and (word.is_unit(lex) or (following is not None and following.is_unit(lex)
                                                     and word.text in rules.get("unit_attributes", ()))):
            oblique_unit = oblique_unit or word.has("dat", "abl", "loc")
            continue                                    # a classifier or unit: "бас", "км³", "АҚШ доллары"
        if _predicate(words, i):
            break                                       # "... өнім алды.": the verb
        if word.a.pos == "num" and first is not None and words[i - 1].a.pos == "v":
            continue                                    # "23,7 миллиард теңгені құрайтын тоғыз жоба"
        if following is not None and following.text.lower() in having and word.has("px3sp") \
                and i + 2 < len(words) and (words[i + 2].is_noun(rules) or "subst" in words[i + 2].a.tags):
            first = i if first is None else first       # "маңызы бар тауарлар": having significance
            last, skip = i + 1, 1
            continue
        if word.has("dat") and following is not None and following.is_noun(rules) \
                and following.text.lower().endswith(AGENT_ENDINGS) and not following.has(*CASES[1:]):
            first = i if first is None else first       # "14376 соғысқа қатысушы": war participants
            continue
        phrase_ends = following is None or not _continues(following, rules) or _predicate(words, i + 1) \
            or (following.text.lower() in rules["light_verb_nouns"] and i + 2 < len(words)
                and words[i + 2].a.pos in VERBS)        # "1 бейбіт тұрғын қаза тапты"
        attributive = "attr" in word.a.tags and not word.has(*CASES[1:])   # not "даладағы"
        noun = word.is_noun(rules) or (not word.a.known and word.text[:1].isalpha() and following is not None
                                       and not following.is_punct and lowered.endswith(rules["final_verb_endings"]))
        if noun and (not _is_modifier(word, rules) or phrase_ends or attributive):
            if oblique_unit and word.has("dat", "abl", "loc"):
                return None                             # "50 метрге сол жаққа жылжыды": a goal, not the thing
            head = i
            if head + 1 < len(words) and not _predicate(words, head + 1) \
                    and _compounds(words[head], words[head + 1], rules, lex):
                head += 1                               # "электр станциясы"
            end = head
            if head + 2 < len(words) and words[head + 1].text.lower() in rules["conjunctions"] \
                    and words[head + 2].is_noun(rules) and words[head + 2].a.pos != "num" \
                    and not words[head + 2].text[:1].isdigit():
                end = head + 2                          # "ұсыныс пен тілек"; not "қала мен 5000-нан ауыл"
            return (i if first is None else first), head, end
        if not _is_modifier(word, rules) or (first is not None and word.a.pos == "det" and "dem" in word.a.tags):
            break                                       # a verb: "5 млрд теңге бөлінген."
        first = i if first is None else first
        last = i
    if first is not None and words[last].a.pos == "adj" and "subst" not in words[last].a.tags:
        return first, last, last                        # read as an adjective, used as a noun: "ауылды"
    return None


def _compounds(word: Word, following: Word, rules: dict, lex: Lexicon) -> bool:
    """A noun and the noun it qualifies: possessed ("жол ережесі", "электр станциясы"), or bare
    after an attributive noun ("үгіт материал", "мердігер мекеме") unless the two make a verb
    ("37 адам ажал құшты", "кәсіпорын ниет білдірген")."""
    nxt = following.a
    if not any(t in nxt.tags for t in CASES + ("attr",)):
        return False                                    # "отбасы баспаналы болады": no noun form
    if nxt.pos != "n" or following.is_unit(lex) or word.has(*CASES[1:], "px3sp") \
            or following.lemma.lower() in lex.containers:
        return False                                    # "байқаушылар тізімі": the list counts observers
    if "px3sp" in nxt.tags:
        return True
    attributive = any("attr" in r.tags for r in word.readings)
    return attributive and not any(t in nxt.tags for t in ("gen", "dat", "loc", "abl", "ins", "px3sp", "pl")) \
        and following.lemma.lower() not in rules["light_verb_nouns"]     # "8000000 ересек адамды"


def _is_rate(word: Word, lex: Lexicon) -> bool:
    """The unit of a rate, possessed in the dative: "сағатына" (per hour), "барреліне", "жылына"."""
    lowered = word.text.lower()
    if not lowered.endswith(RATE_ENDINGS):
        return False
    return word.lemma.lower() in lex.unit_words or any(
        lowered.startswith(unit.lower().rstrip("ь")) for unit in lex.unit_words if len(unit) >= 5)


def _before(words: list[Word], kind: str, rules: dict, lex: Lexicon, verb_follows: bool,
            item: bool = False) -> tuple[int, int] | None:
    """(first, head) indices of the phrase before the figure that it is said of: a genitive; a
    possessed noun ("бағасы"; a container gives way to its possessor: "балық көлемі" -> балық);
    with a verb of quantity or change after the figure, the bare subject ("экспорт 92 млрд долларды
    құрады") or the accusative object ("Шығындарды 9,4 миллиард теңгеге дейін қысқартты")."""
    if not words:
        return None
    j = len(words) - 1
    dash = False
    while j >= 0 and (words[j].text.lower() in rules["stop"] or words[j].text in DASHES
                      or words[j].a.pos in ("adv", "postadv") or _is_rate(words[j], lex)):
        if words[j].a.pos == "post":
            return None                                 # "18 жылдың ішінде 24 есеге": a frame, not a possessor
        dash = dash or words[j].text in DASHES
        j -= 1                                          # "Жоба құны — 35 млрд теңге", "бағасы барреліне"
    if j > 1 and words[j].text.lower() in rules.get("appositive", ()) and words[j - 1].text == ",":
        j -= 2                                          # "балық көлемі 9 есе, яғни 800 тоннадан": past the
        while j >= 0 and (words[j].a.pos == "num" or words[j].is_unit(lex)):
            j -= 1                                      # figure it restates
        if j < 0:
            return None
    if j > 0 and words[j].text == "(" and words[j - 1].is_noun(rules) and not words[j - 1].has(*CASES[1:]) \
            and words[j - 1].a.pos != "np" and not words[j - 1].is_unit(lex):
        return _with_modifiers(words, j - 1, rules), j - 1     # "Хантәңірі шыңы (6995 м)", "Экспорт ($92 млрд)"
    if j > 0 and words[j].text == "," and verb_follows and any(
            r.pos == "v" and "gna_perf" in r.tags for r in words[j - 1].readings):
        return _converb_subject(words, j - 1, rules, lex)      # "мұнай бағасы ... жақындап, 7%-ке қымбаттады"
    if j < 0 or words[j].is_punct or words[j].a.pos == "num":
        return None                                     # "сексен – жүз теңге": the other half of a range
    word = words[j]
    if word.a.pos == "v" and "ger" in word.a.tags and not word.has(*CASES[1:], "px3sp") and j > 0 \
            and verb_follows and words[j - 1].is_noun(rules) and not words[j - 1].has(*CASES[1:], "px3sp"):
        return _with_modifiers(words, j - 1, rules), j - 1     # "Мұнай өндіру 20 миллион тоннаға дейін ұлғайды"
    if word.has("px3sp") and word.lemma.lower() in {*rules.get("classifiers", ()), *rules.get("time_nouns", ())}:
        return None                                     # "оның бір данасы 80 теңге", "2020-сыншы жылы 34"
    if word.is_noun(rules) and word.is_genitive:
        return _with_modifiers(words, j, rules), j
    object_case = not word.has(*CASES[1:]) or (verb_follows and word.has("acc"))
    lowered = word.text.lower()
    px3 = word.has("px3sp") or (not word.a.known and lowered.endswith(("ы", "і")) and not lowered.endswith(ACCUSATIVE))
    if word.is_noun(rules) and px3 and object_case:
        containers = lex.money_containers if kind == "money" else lex.containers
        if word.lemma.lower() in containers and j > 0:
            k = j - 1
            while k > 0 and not words[k].is_genitive and (
                    words[k].lemma.lower() in containers or (_is_modifier(words[k], rules) and not words[k].is_noun(rules))):
                k -= 1                                  # "алаңының жалпы көлемі"
            possessor = words[k]
            if possessor.is_genitive and (possessor.a.pos == "prn" or possessor.lemma.lower() in rules["stop"]):
                return None                             # "Олардың саны": what "олар" stands for is not here
            if possessor.is_noun(rules) and (possessor.is_genitive or (
                    k == j - 1 and not possessor.has(*CASES[1:], "px3sp") and not possessor.is_unit(lex))):
                return _with_modifiers(words, k, rules), k     # "балық көлемі", "Құрбандар саны"
        return _with_modifiers(words, j, rules), j
    if word.is_noun(rules) and verb_follows and object_case and not word.is_unit(lex):
        return _with_modifiers(words, j, rules), j
    if word.is_noun(rules) and dash and item and not word.has(*CASES[1:]) and word.a.pos != "np" \
            and not word.is_unit(lex):
        return _with_modifiers(words, j, rules), j     # a list item: "орыстар - 23.6%, украиндар - 2.9%"
    return None


def _converb_subject(words: list[Word], converb: int, rules: dict, lex: Lexicon) -> tuple[int, int] | None:
    """The subject a converb's clause shares with the verb after the comma: its first possessed
    or bare nominative noun ("мұнай бағасы барреліне 37 долларға жақындап, 7%-ке қымбаттады")."""
    start = converb
    while start > 0 and not (words[start - 1].is_punct and words[start - 1].a.pos in ("cm", "sent")):
        start -= 1
    nominative = [i for i in range(start, converb) if words[i].is_noun(rules) and not words[i].is_unit(lex)
                  and not words[i].has(*CASES[1:]) and words[i].a.pos != "np" and not _is_rate(words[i], lex)]
    found = next((i for i in nominative if words[i].has("px3sp")), nominative[0] if nominative else None)
    if found is None:
        return None
    if words[found].lemma.lower() in lex.containers and found > 0 and words[found - 1].is_noun(rules) \
            and not words[found - 1].has(*CASES[1:], "px3sp"):
        found -= 1                                      # "балық көлемі"
    return _with_modifiers(words, found, rules), found


def _with_modifiers(words: list[Word], head: int, rules: dict) -> int:
    """Where the phrase ending at `head` starts: its modifiers and bare nouns before it, not a
    demonstrative or a word that may be an adverb ("Бұл жалпы облыстағы тұрғын үйлердің")."""
    first = head
    while first > 0:
        word = words[first - 1]
        if word.is_punct or word.a.pos in ("num", "det") or any(r.pos == "adv" for r in word.readings):
            break
        if not (_is_modifier(word, rules) or (word.is_noun(rules) and not word.has(*CASES[1:], "px3sp"))):
            break
        first -= 1
    return first


def find_object(before: list[Word], figure: list[Word], after: list[Word], kind: str, unit: str | None,
                rules: dict, lex: Lexicon) -> tuple[list[Word], Word] | None:
    """The object's words as written and its head. A figure that is itself possessed ("60
    пайызы", "алтысы", "4-еуі") is a part of the genitive before it."""
    possessed = bool(figure) and ("px3sp" in figure[-1].a.tags or bool(POSSESSED.search(figure[-1].text.lower())))
    if possessed and figure[-1].text.lower().endswith(("ын", "ін")) and before and before[-1].is_genitive:
        found = _after(after, rules, lex)               # "Халықтың 70 пайызын мұсылмандар құрайды"
        if found is not None and not after[found[1]].has(*CASES[1:], "px3sp") and found[2] + 1 < len(after) \
                and after[found[2] + 1].lemma.lower().startswith(tuple(rules.get("make_up", ()))):
            return after[found[0]:found[2] + 1], after[found[1]]
    if possessed and before and before[-1].is_noun(rules) and before[-1].is_genitive:
        return before[_with_modifiers(before, len(before) - 1, rules):], before[-1]
    if after and after[0].lemma.lower() in rules.get("event_units", ()):
        return None                                     # "аптасына 2 рет", "3 рет мұз басқан": how often
    if possessed and after and after[0].text in DASHES and before and (before[-1].is_genitive or before[-1].text == ","):
        after = after[1:]                               # "Оның 16-сы — дәрігер де, 4-еуі — медбикелер"
    elif not possessed and len(after) > 1 and after[0].text in DASHES and after[1].a.pos != "num" \
            and not after[1].is_punct:
        after = after[1:]                               # "Экспорттың 75% – минералды ресурстар"
    elif after and after[0].a.pos == "num" and figure and figure[-1].text.lower().endswith(ABLATIVE):
        k = 0                                           # "30%-дан 50%-ға дейін үстеме ақы": the new level's
        while k < len(after) and (after[k].a.pos == "num" or after[k].is_unit(lex)
                                  or after[k].text.lower() in rules["to_postpositions"]):
            k += 1
        after = after[k:]
    # "2 есе" compares, and a term ("10 жылға бас бостандығынан айырылды") frames: no noun after
    found = None if unit == "times" or kind == "duration" else _after(after, rules, lex)
    if possessed and found is not None and any(
            w.has("dat", "loc", "abl", "ins") or (not w.a.known and w.text.lower().endswith(OBLIQUE))
            for w in after[found[0]:found[2] + 2] if w.is_noun(rules)):
        return None                                     # "Оның жүз мыңдайы ... секторда": a part, placed
    next_item = found is not None and found[2] + 2 < len(after) and after[found[2] + 1].text in DASHES \
        and after[found[2] + 2].a.pos == "num"
    if next_item:
        found = None                                    # "немістер - 1.5% ұйғырлар - 1.4%": the next item's noun
    if found is not None and after[found[1]].has("px3sp") and before and before[-1].is_genitive \
            and before[-1].is_noun(rules) and after[found[1]].lemma.lower() in {*lex.containers, *rules.get("stocks", ())}:
        return before[_with_modifiers(before, len(before) - 1, rules):], before[-1]   # "азық-түліктің 1200000 тонна қоры"
    if found is not None:
        return after[found[0]:found[2] + 1], after[found[1]]
    verb_follows = not [w for w in after if not w.is_punct and not w.is_unit(lex)] or any(
        (w.can_be_verb or not w.a.known) and any(w.text.lower().startswith(v) or w.a.lemma.lower().startswith(v)
                                                  for v in lex.value_verbs) for w in after[:4])
    rest = [w for w in after if not w.is_unit(lex)]
    item = not rest or rest[0].is_punct or next_item    # the figure ends its clause: "орыстар - 23.6%,"
    found = _before(before, kind, rules, lex, verb_follows, item)
    if found is not None:
        return before[found[0]:found[1] + 1], before[found[1]]
    return None
