"""One regex engine for numeric expressions; the per-language lexicons are data (configs/).

A match is a number (digits with any thousands separator, or number words), optional scales
("тыс.", "миллионов", "мыңнан"), a Kazakh case ending, a unit and qualifiers on either side.
Dates, times, years, durations and ages, phones, ordinals, list numbers, counters, legal
references and tickers are found too and kept with `is_claim = False`, so nothing is silently
dropped; a duration the text asserts (a prison term, a length of service) is a claim. A claim
that is a rise or fall carries its direction and its role in the change (by, to, from).
"""
from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import zip_longest
from pathlib import Path

SEPARATORS = " \u00a0\u202f\u2009"
SIGN = r"(?<![^\s(])[+\-−](?=\d)"      # "+5%", "(-2,1%)": attached to the digits, after a space
DIGITS = rf"\d{{1,3}}(?:[{SEPARATORS}]\d{{3}})+(?!\d)(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
WORD_START = r"(?<![\w-])"
WORD_END = r"(?![\w])"
CLAIM_KINDS = ("count", "percent", "money", "ratio", "measure")
TITLE_WORDS = 8     # a «quote» this long or shorter may be a name; longer ones are speech
WORD_OF_LETTERS = re.compile(r"[^\W\d_]{2,}")
TOKEN = re.compile(r"[^\W_]+|[.!?;:,…]")
CHANGE_UNITS = ("percent", "times")     # the amount of a change even with no preposition
OBJECT_STOPWORDS = {"по", "и", "в", "на", "с", "до", "из", "от", "за", "к", "о", "а", "но", "или",
                    "года", "году", "жыл", "жылы", "және", "мен", "пен", "бен"}


def _sentence_break(between: str) -> bool:
    """A line break, or a stop followed by a capital, lies in between."""
    return "\n" in between or any(m.group(1).isupper() for m in _STOP.finditer(between))


_STOP = re.compile(r"[.!?…][\"»”]?\s+[«\"“(]?(\w)")


@dataclass(frozen=True)
class Number:
    start: int            # offsets into the text given to `extract`
    end: int
    text: str
    value: float | None
    qualifier: str
    unit: str | None
    kind: str
    is_claim: bool
    num_start: int
    num_end: int
    range_end: int | None = None    # the first half of a range: where the second ends
    change: str | None = None       # up, down
    change_role: str | None = None  # by, to, from


def _alt(patterns) -> str:
    return "|".join(f"(?:{p})" for p in sorted(patterns, key=len, reverse=True))


def _last_word(patterns: list[str]) -> re.Pattern:
    """Matches the text before a number that ends with one of these words (never, if none)."""
    return re.compile(f"(?:^|[\\s(])(?:{_alt(patterns or ['(?!)'])})\\s*$", re.I)


def _next_word(patterns: list[str]) -> re.Pattern:
    """Matches the text after a number that starts with one of these words (never, if none)."""
    return re.compile(f"^\\s*(?:{_alt(patterns or ['(?!)'])}){WORD_END}", re.I)


def _one_word(patterns: list[str]) -> re.Pattern:
    """Fullmatches a word that is one of these (never, if none)."""
    return re.compile(f"(?:{_alt(patterns or ['(?!)'])})", re.I)


@dataclass
class ChangeWords:
    """Words of a rise or fall and the markers of a figure's role in it ([change] of a lexicon)."""
    up: list[str] = field(default_factory=list)
    down: list[str] = field(default_factory=list)
    reach: list[str] = field(default_factory=list)           # a rise whose figure is the new level: "жетті"
    gradient: list[str] = field(default_factory=list)        # a change across space, not time: "оңтүстікке қарай"
    by_before: list[str] = field(default_factory=list)       # prepositions: "на 5%"
    to_before: list[str] = field(default_factory=list)       # "до 4 млн"
    from_before: list[str] = field(default_factory=list)     # "с 90"
    by_not_after: list[str] = field(default_factory=list)    # "цены на": not an amount
    by_endings: list[str] = field(default_factory=list)      # case endings: "10 пайызға"
    from_endings: list[str] = field(default_factory=list)    # "380 теңгеден"
    to_after: list[str] = field(default_factory=list)        # "дейін"
    level_units: list[str] = field(default_factory=list)     # a signed figure that is a level: "+20 градусов"
    level_words: list[str] = field(default_factory=list)     # "при температуре +20"
    words_before: int = 0
    words_after: int = 0


@dataclass
class DurationClaims:
    """What makes a span of time a claim, and what keeps it the period of another figure
    ([durations.claims] of a lexicon)."""
    terms: list[str] = field(default_factory=list)
    after_preposition: dict[str, list[str]] = field(default_factory=dict)
    framing_before: list[str] = field(default_factory=list)
    framing_after: list[str] = field(default_factory=list)
    ages: list[str] = field(default_factory=list)
    words_before: int = 0
    words_after: int = 0


class Words:
    """A sentence's words and the figures found in it: what stands around a figure in its clause."""

    def __init__(self, text: str, found: list[Number]):
        tokens = list(TOKEN.finditer(text))
        self.starts = [m.start() for m in tokens]
        self.ends = [m.end() for m in tokens]
        self.tokens = [m.group() for m in tokens]
        self.in_figure = [False] * len(tokens)
        for n in found:
            for i in range(bisect_left(self.starts, n.start), bisect_left(self.starts, n.end)):
                self.in_figure[i] = True

    def around(self, at: int, forward: bool, limit: int, cross: bool, past_comma: bool = False) -> list[str]:
        """Up to `limit` words on one side of `at`, nearest first, not past the end of the sentence
        or clause (";", ":", a comma; the comma right before `at` where `past_comma`: "выросла на
        2,1%, до 310 тенге"), passing over other figures where `cross`, else stopping at them."""
        words: list[str] = []
        indices = range(bisect_left(self.starts, at), len(self.tokens)) if forward else \
            range(bisect_right(self.ends, at) - 1, -1, -1)
        for i in indices:
            token = self.tokens[i]
            if self.in_figure[i]:
                if cross:
                    continue
                break
            if not token[0].isalnum():
                if token == "," and past_comma and not words:
                    continue
                break
            words.append(token)
            if len(words) == limit:
                break
        return words


@dataclass
class Lexicon:
    lang: str
    words: dict[str, float]             # regex -> value
    fractions: dict[str, float]         # multiply a count before them, add after a joiner
    fraction_joiners: list[str]
    fraction_not_after: list[str]      # words that make a fraction part of a period
    scales: dict[str, float]
    qualifiers_before: dict[str, str]   # regex -> qualifier
    qualifiers_after: dict[str, str]
    qualifier_endings: dict[str, str]   # an ending of the number or its unit: "мыңдай", "about 1000"
    minus: list[str]                    # a word that makes the number negative: "минус 30 градусов"
    units: dict[str, str]               # regex -> unit (currencies, percent, measures)
    units_before: dict[str, str]
    ratio_before: list[str]
    ratio_after: list[str]
    ratio_words: dict[str, float]
    months: list[str]
    year_words: list[str]
    not_before: list[str]
    not_after: list[str]
    weak_values: set[float]
    year_before: list[str] = field(default_factory=list)
    titles_before: list[str] = field(default_factory=list)
    titles_after: list[str] = field(default_factory=list)
    time_before: list[str] = field(default_factory=list)
    day_before: list[str] = field(default_factory=list)
    clock_before: list[str] = field(default_factory=list)
    time_after: list[str] = field(default_factory=list)
    weak_counted: list[str] = field(default_factory=list)
    weak_picks_before: list[str] = field(default_factory=list)
    weak_counts_before: list[str] = field(default_factory=list)
    weak_picks_after: list[str] = field(default_factory=list)
    counters_after: list[str] = field(default_factory=list)
    durations: dict[str, str | None] = field(default_factory=dict)    # regex -> unit of a claim
    duration_claims: DurationClaims = field(default_factory=DurationClaims)
    ratio_compare_before: list[str] = field(default_factory=list)   # "рост составил 2,5 раза"
    ratio_compare_after: list[str] = field(default_factory=list)    # "3 раза больше"
    change: ChangeWords = field(default_factory=ChangeWords)
    durations_before: list[str] = field(default_factory=list)
    range_words: list[str] = field(default_factory=lambda: ["[-–—]"])
    range_joints: list[str] = field(default_factory=list)    # between the halves of a claim range
    vague_words: list[str] = field(default_factory=list)
    decimal_point: list[str] = field(default_factory=list)
    qualified_prepositions: list[str] = field(default_factory=list)     # "более чем на 40 %"
    denominators: dict[str, float] = field(default_factory=dict)
    measure_units: set[str] = field(default_factory=set)     # units of length, area, weight...
    measure_parts: dict[str, tuple[str, float]] = field(default_factory=dict)   # km -> (m, 0.001)
    suffix: str = ""
    bare_only: set[str] = field(default_factory=set)
    shared_unit_followers: list[str] = field(default_factory=list)   # "1,5 миллиарда в 2019 году"

    @classmethod
    def load(cls, path: Path) -> "Lexicon":
        with open(path, "rb") as handle:
            raw = tomllib.load(handle)

        def invert(table: dict, cast=str) -> dict:
            return {pattern: cast(key) for key, patterns in table.items() for pattern in patterns}

        fractions = dict(raw.get("fractions", {}))
        joiners = fractions.pop("joiners", [])
        not_after = fractions.pop("not_after", [])
        return cls(
            lang=raw["lang"], words=invert(raw["words"], float), scales=invert(raw["scales"], float),
            fractions=invert(fractions, float), fraction_joiners=joiners, fraction_not_after=not_after,
            qualifiers_before=invert(raw.get("qualifiers_before", {})),
            qualifiers_after=invert(raw.get("qualifiers_after", {})),
            qualifier_endings=invert(raw.get("qualifier_endings", {})),
            minus=raw.get("signs", {}).get("minus", []),
            units=invert(raw.get("units", {})) | invert(raw.get("measures", {})),
            units_before=invert(raw.get("units_before", {})), measure_units=set(raw.get("measures", {})),
            measure_parts={unit: (p["part"], float(p["factor"])) for unit, p in raw.get("measure_parts", {}).items()},
            ratio_before=raw["ratio"]["before"], ratio_after=raw["ratio"]["after"],
            ratio_words={k: float(v) for k, v in raw["ratio"]["words"].items()},
            ratio_compare_before=raw["ratio"].get("compare_before", []),
            ratio_compare_after=raw["ratio"].get("compare_after", []),
            months=raw["dates"]["months"], year_words=raw["dates"]["year_words"],
            not_before=raw["not_claims"]["before"],
            not_after=raw["not_claims"]["after"],
            weak_values={float(v) for v in raw["not_claims"]["weak_values"]},
            year_before=raw["dates"].get("year_before", []),
            titles_before=raw["not_claims"].get("titles_before", []),
            titles_after=raw["not_claims"].get("titles_after", []),
            time_before=raw["dates"].get("time_before", []),
            day_before=raw["dates"].get("day_before", []),
            clock_before=raw["dates"].get("clock_before", []),
            time_after=raw["dates"].get("time_after", []),
            weak_counted=raw["not_claims"].get("weak_counted", []),
            weak_picks_before=raw["not_claims"].get("weak_picks_before", []),
            weak_counts_before=raw["not_claims"].get("weak_counts_before", []),
            weak_picks_after=raw["not_claims"].get("weak_picks_after", []),
            durations={p: None if u == "other" else u for p, u in invert(raw["durations"]["units"]).items()},
            duration_claims=DurationClaims(**raw["durations"].get("claims", {})),
            change=ChangeWords(**raw.get("change", {})),
            durations_before=raw["not_claims"].get("durations_before", []),
            counters_after=raw["not_claims"].get("counters_after", []),
            range_words=raw["not_claims"].get("range_words", ["[-–—]"]),
            range_joints=raw.get("ranges", {}).get("joints", []),
            vague_words=raw.get("vague", {}).get("words", []),
            decimal_point=raw.get("decimals", {}).get("point", []),
            qualified_prepositions=raw.get("qualified_prepositions", {}).get("words", []),
            denominators=invert(raw.get("decimals", {}).get("denominators", {}), float),
            suffix=raw.get("suffix", ""), bare_only=set(raw.get("bare_only", {}).get("words", [])),
            shared_unit_followers=raw.get("shared_units", {}).get("followers", []),
        )


class Engine:
    """Compiled patterns for one lexicon."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        suffix = f"(?:-?{lex.suffix})?" if lex.suffix else ""
        word_forms = [w if w in lex.bare_only else w + suffix for w in lex.words]
        scale_forms = [s + suffix for s in lex.scales]
        self._word_values = [(re.compile(f"^(?:{w}){suffix}$", re.I), v) for w, v in lex.words.items()]
        self._scale_values = [(re.compile(f"^(?:{s}){suffix}$", re.I), v) for s, v in lex.scales.items()]
        self._fraction_values = [(re.compile(f"^(?:{f})$", re.I), v) for f, v in lex.fractions.items()]
        self._joiners = [(re.compile(f"^(?:{j})$", re.I), True) for j in lex.fraction_joiners]
        # "во второй половине" is a period: the lookbehinds run only where a fraction starts
        not_a_part = "".join(f"(?<!{re.escape(w)}\\s)" for w in lex.fraction_not_after)
        fraction = (f"(?=(?:{_alt(lex.fractions)}){WORD_END}){not_a_part}(?:{_alt(lex.fractions)})"
                    if lex.fractions else "(?!)")
        # a word may follow a word and a hyphen: "три-четыре тысячи", "үш-төрт теңге"
        word = f"(?:{WORD_START}|(?<=[^\\W\\d_]-))(?:{_alt(word_forms)}|{fraction}){WORD_END}"
        scale = f"(?:{_alt(scale_forms)})(?:(?<=\\.)|{WORD_END})"
        hyphen = f"(?:-(?:{lex.suffix}){WORD_END})?" if lex.suffix else ""
        joined = (f"(?:{_alt(lex.fraction_joiners)})\\s+{fraction}{WORD_END}"   # "с половиной"
                  if lex.fraction_joiners and lex.fractions else "(?!)")
        words = f"{word}(?:\\s+(?:{word}|{scale}|{joined}))*"
        ratio_words = f"|{WORD_START}(?:{_alt(lex.ratio_words)})" if lex.ratio_words else ""
        # every pattern below needs a digit, a number word, a ratio word or a web address
        self.may_hold = re.compile(f"\\d|@|www\\.|https?:|{word}{ratio_words}", re.I)
        decimal = ""
        self.point = None
        if lex.decimal_point:   # "сексен алты бүтін оннан бес" = 86 and 5 tenths
            point = f"{WORD_START}(?:{_alt(lex.decimal_point)}){WORD_END}"
            decimal = f"(?:\\s+{point}\\s+(?:{_alt(lex.denominators)}){WORD_END}\\s+{words})?"
            self.point = re.compile(point, re.I)
            self._denominators = [(re.compile(f"^(?:{d})$", re.I), v) for d, v in lex.denominators.items()]
        number = (f"(?:(?<![\\w.,])(?:{DIGITS}){hyphen}(?:\\s+{joined})?(?:\\s*{scale}){{0,2}}"
                  f"|{words}{decimal})")
        unit = f"(?:{_alt(lex.units)})(?:(?<=[%$€₸₽.])|{WORD_END})"
        ratio = f"(?:{_alt(lex.ratio_after)}){WORD_END}" if lex.ratio_after else "(?!)"
        qb = f"{WORD_START}(?:{_alt(lex.qualifiers_before)})\\s+" if lex.qualifiers_before else "(?!)"
        # a qualifier before the figure's preposition: "более чем на 40 %", "почти на 10%"
        self.qualifier_before_preposition = re.compile(
            f"{WORD_START}(?P<q>{_alt(lex.qualifiers_before)})\\s+(?:{_alt(lex.qualified_prepositions)})\\s*$", re.I) \
            if lex.qualifiers_before and lex.qualified_prepositions else re.compile("(?!)")
        qa = f"\\s+(?:{_alt(lex.qualifiers_after)}){WORD_END}" if lex.qualifiers_after else "(?!)"
        ub = f"(?:{_alt(lex.units_before)})\\s*"
        rb = f"{WORD_START}(?:{_alt(lex.ratio_before)})\\s+" if lex.ratio_before else "(?!)"
        minus = f"{WORD_START}(?:{_alt(lex.minus)})\\s+" if lex.minus else "(?!)"
        never = re.compile("(?!)")
        self.weak_counted = re.compile(f"\\s*(?:{_alt(lex.weak_counted)}){WORD_END}", re.I) \
            if lex.weak_counted else never
        self.weak_picks_before = re.compile(f"{WORD_START}(?:{_alt(lex.weak_picks_before)})\\s*$", re.I) \
            if lex.weak_picks_before else never
        self.ratio_compare_before = _last_word(lex.ratio_compare_before)
        self.ratio_compare_after = _next_word(lex.ratio_compare_after)
        self.weak_counts_before = re.compile(f"{WORD_START}(?:{_alt(lex.weak_counts_before)})\\s*$", re.I) \
            if lex.weak_counts_before else never
        self.weak_picks_after = re.compile(f"\\s*(?:{_alt(lex.weak_picks_after)}){WORD_END}", re.I) \
            if lex.weak_picks_after else never
        self.year_before = re.compile(
            f"(?:{WORD_START}(?:{_alt(lex.year_before + lex.months)})|\\d{{4}}\\s*[-–—])\\s*$", re.I)
        self.expression = re.compile(
            f"(?P<qb>{qb})?(?P<rb>{rb})?(?P<ub>{ub})?(?P<minus>{minus})?(?P<sign>{SIGN})?(?P<num>{number})"
            f"(?:(?P<qa1>{qa}))?(?:\\s*(?P<ratio>{ratio})|\\s*(?P<unit>{unit}){hyphen})?(?P<qa2>{qa})?", re.I)
        self.range_joint = re.compile(f"\\s*(?:{_alt(lex.range_joints or ['(?!)'])})\\s*", re.I)
        self.ratio_word = re.compile(f"{WORD_START}(?:{_alt(lex.ratio_words)}){WORD_END}", re.I) \
            if lex.ratio_words else None
        self._qualifier_patterns = [(re.compile(p, re.I), q)
                                    for p, q in {**lex.qualifiers_before, **lex.qualifiers_after}.items()]
        self._ending_patterns = [(re.compile(f"(?:{p})$", re.I), q) for p, q in lex.qualifier_endings.items()]
        self._unit_patterns = [(re.compile(p, re.I), u)
                               for p, u in {**lex.units, **lex.units_before}.items()]
        months = _alt(lex.months)
        range_to = f"(?:{_alt(lex.range_words)})"
        year_word = f"(?:{_alt(lex.year_words)})(?:(?<=\\.)|{WORD_END})"
        clock_before = "|".join(f"(?<=(?<![\\w-]){re.escape(w)}\\s)" for w in lex.clock_before) or "(?!)"
        self.blocked = [
            ("other", re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+", re.I)),
            ("phone", re.compile(r"(?<![\w])(?:\+\s*\d[\d\s()\-]{8,}\d|8\s*\(\d{3,5}\)\s*[\d\s\-]{5,}\d"
                                 r"|\(\d{3,5}\)\s*\d[\d\s\-]{4,}\d)")),
            ("date", re.compile(r"(?<![\d.])\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})(?![\d.]\d)|"
                                r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")),
            ("time", re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])")),
            ("time", re.compile(      # "в 18.00 по местному времени"; "до 11.29 млрд", "в 2.50 раза" are figures
                f"(?<![\\d.,])(?=\\d)(?:{clock_before})(?:[01]?\\d|2[0-3])\\.[0-5]\\d(?![\\d.,])"
                f"(?!\\s*(?:{_alt([*lex.scales, *lex.units, *lex.ratio_after])})(?:(?<=[.%$€₸₽])|{WORD_END}))",
                re.I)),
            ("date", re.compile(
                f"(?<![\\d.,])\\d{{1,2}}(?:\\s*{range_to}\\s*\\d{{1,2}})?\\s*-?\\s*(?:{months}){WORD_END}"
                f"(?:\\s+\\d{{4}}(?:\\s*-?\\s*{year_word})?)?", re.I)),
            ("year", re.compile(
                f"(?<![\\d.,])(?:1[5-9]|20)\\d{{2}}(?:\\s*[-–—]\\s*(?:(?:1[5-9]|20)\\d{{2}}|\\d{{2}}))?"
                f"\\s*-?\\s*{year_word}", re.I)),
            ("ordinal", re.compile(
                r"(?<![\w.,])\d+\s?-\s?(?:й|я|е|го|му|м|х|ый|ой|ая|ое|ые|ых|ого|ому|ом|ым|ю|ші|шы|інші|ыншы|нші|ншы)"
                r"(?![\w])", re.I)),
        ]
        self.not_before = _last_word(lex.not_before)
        self.not_after = re.compile(f"^\\s*-?(?:{_alt(lex.not_after)}){WORD_END}", re.I)
        self.time_before, self.time_after = _last_word(lex.time_before), _next_word(lex.time_after)
        self.day_before = _last_word(lex.day_before)
        self.title_before, self.title_after = _last_word(lex.titles_before), _next_word(lex.titles_after)
        self.duration_before = _last_word(lex.durations_before)
        self.counter_after = _next_word(lex.counters_after)
        # the span of time after a number, or after the second half of its range ("от 13 до 16 лет")
        self.duration_word = re.compile(
            f"\\s*(?P<range>{range_to}\\s*\\S+\\s*)?-?\\s*(?P<word>{_alt(lex.durations)}){WORD_END}(?P<qa>{qa})?",
            re.I) if lex.durations else never
        self._duration_units = [(re.compile(p, re.I), u) for p, u in
                                sorted(lex.durations.items(), key=lambda item: item[1] is None)]
        self._compile_claims_of_time(lex.duration_claims)
        self._compile_change(lex.change)
        self.bare_end = re.compile(rf"\s*(?:$|[,;.:()—–-]|(?:{_alt(lex.shared_unit_followers or ['(?!)'])}){WORD_END})", re.I)

    def _compile_claims_of_time(self, dc: DurationClaims) -> None:
        self.duration_terms = _one_word(dc.terms)
        self.duration_granted = [(_last_word([prep]), _one_word(words)) for prep, words in dc.after_preposition.items()]
        self.framing_before, self.framing_after = _last_word(dc.framing_before), _next_word(dc.framing_after)
        self.age_mentioned = re.compile(f"{WORD_START}(?:{_alt(dc.ages or ['(?!)'])}){WORD_END}", re.I)

    def _compile_change(self, ch: ChangeWords) -> None:
        self.up_words, self.down_words = _one_word(ch.up), _one_word(ch.down)
        self.reach_words = _one_word(ch.reach)
        self.gradient_words = _one_word(ch.gradient)
        self.level_words = _one_word(ch.level_words)
        self.role_before = [("to", _last_word(ch.to_before)), ("from", _last_word(ch.from_before)),
                            ("by", _last_word(ch.by_before))]
        self.by_not_after = _last_word([f"(?:{_alt(ch.by_not_after)})\\s+(?:{_alt(ch.by_before)})"]
                                       if ch.by_not_after and ch.by_before else [])
        self.by_ending = re.compile(f"(?:{_alt(ch.by_endings or ['(?!)'])})$", re.I)
        self.from_ending = re.compile(f"(?:{_alt(ch.from_endings or ['(?!)'])})$", re.I)
        self.to_after_in = _last_word(ch.to_after)      # "... дейін" closing the figure
        self.to_after_next = _next_word(ch.to_after)
        self.qualifier_after_word = _one_word(list(self.lex.qualifiers_after))

    # -- values -----------------------------------------------------------------
    def value_of(self, number_text: str) -> tuple[float | None, bool]:
        """Value of the number part, and whether it came from digits."""
        point = self.point.search(number_text) if self.point else None
        if point:
            return self._decimal_value(number_text[:point.start()], number_text[point.end():].split()), False
        total, current, from_digits = 0.0, 0.0, False
        text = number_text
        digits = re.match(f"(?:{DIGITS})", text)
        if digits:
            raw = digits.group()
            for sep in SEPARATORS:
                raw = raw.replace(sep, "")
            current = float(raw.replace(",", "."))
            from_digits = True
            text = text[digits.end():]
            text = re.sub(r"^-\w+", "", text)   # Kazakh case ending after a hyphen
        joined = False
        for token in text.split():
            fraction = self._lookup(self._fraction_values, token)
            if fraction is not None:    # "две трети" = 2/3; "три с половиной" = 3.5
                current = current * fraction if current and not joined else current + fraction
                joined = False
                continue
            if self._lookup(self._joiners, token):
                joined = True
                continue
            scale = self._lookup(self._scale_values, token)
            if scale is not None:
                if scale < 1000:        # "два десятка тысяч", "төрт жүз мың": a part of the count
                    current = (current or 1) * scale
                else:
                    total += (current or 1) * scale
                    current = 0.0
                continue
            word = self._lookup(self._word_values, token)
            if word is not None:
                current += word
        value = total + current
        return (round(value, 6) if value or from_digits else None), from_digits

    def _decimal_value(self, whole: str, rest: list[str]) -> float | None:
        """Spoken decimals: whole part, denominator, numerator, then any scale."""
        denominator = self._lookup(self._denominators, rest[0])
        cut, scale = self._trailing_scales(rest, keep=2)    # they multiply the whole: "... бес миллиард"
        numerator, _ = self.value_of(" ".join(rest[1:cut]))
        if denominator is None or numerator is None:
            return None
        return round(((self.value_of(whole)[0] or 0.0) + numerator / denominator) * scale, 6)

    @staticmethod
    def _lookup(table, token: str):
        for pattern, value in table:
            if pattern.match(token):
                return value
        return None

    def _label(self, table, text: str | None) -> str | None:
        if not text:
            return None
        text = text.strip()
        for pattern, label in table:
            if pattern.fullmatch(text):
                return label
        return None

    # -- extraction -------------------------------------------------------------
    def extract(self, text: str, line_start: bool = True) -> list[Number]:
        if not self.may_hold.search(text):
            return []                   # most sentences: one search instead of a dozen
        found: list[Number] = []
        taken: list[tuple[int, int]] = []

        def free(a: int, b: int) -> bool:
            return all(b <= s or a >= e for s, e in taken)

        for kind, pattern in self.blocked:
            for m in pattern.finditer(text):
                if not free(m.start(), m.end()):
                    continue
                taken.append((m.start(), m.end()))
                value = None
                if kind == "year":
                    value = float(m.group()[:4])
                elif kind == "ordinal":
                    value = float(re.match(r"\d+", m.group()).group())
                found.append(Number(m.start(), m.end(), m.group(), value, "exact", None, kind,
                                    False, m.start(), m.end()))
        if self.ratio_word:
            for m in self.ratio_word.finditer(text):
                if free(m.start(), m.end()):
                    taken.append((m.start(), m.end()))
                    value = next(v for p, v in self.lex.ratio_words.items()
                                 if re.fullmatch(p, m.group(), re.I))
                    found.append(Number(m.start(), m.end(), m.group(), value, "exact", "times",
                                        "ratio", True, m.start(), m.end()))
        matches = list(self.expression.finditer(text))
        gaps = [0, *(i for m in matches for i in m.span()), len(text)]     # the text between numbers
        wordless = not any(WORD_OF_LETTERS.search(text, a, b) for a, b in zip(gaps[::2], gaps[1::2]))
        for m in matches:
            if not free(m.start("num"), m.end("num")):
                continue
            number = self._classify(text, m, line_start, wordless)
            if number:
                taken.append((number.start, number.end))
                found.append(number)
        among_figures = any(n.is_claim for n in found)
        found = [n if n.kind != "weak" else replace(n, kind="count", is_claim=True) if among_figures
                 else replace(n, kind="other") for n in found]
        found.sort(key=lambda n: (n.start, n.end))
        found = self._join_composites(text, self._join_measure_parts(text, found))
        if any(n.kind == "duration" for n in found):
            words = Words(text, found)
            found = [self._asserted(text, n, words) for n in found]
        found = self._shared_units(text, self._join_ranges(text, found))
        if not any(n.is_claim for n in found):
            return found
        words = Words(text, found)
        changed = [self._with_change(text, n, words) if n.is_claim else n for n in found]
        return self._pair_changes(text, self._list_changes(text, changed))

    def _shared_units(self, text: str, found: list[Number]) -> list[Number]:
        """A list of amounts names its currency or measure once: "368 млн рублей (около 5,8 млн
        долларов), второе место — 316 млн (около 5 млн долларов)": a scaled figure with no unit and
        no word it counts after it takes the unit of the figure before it at its depth of brackets."""
        last: dict[int, Number] = {}
        for i, n in enumerate(found):
            if not n.is_claim:
                continue
            depth = text.count("(", 0, n.start) - text.count(")", 0, n.start)
            before = last.get(depth)
            if n.unit is None and n.kind == "count" and before is not None and self._scale_of(text, n) >= 1000 \
                    and self.bare_end.match(text, n.end):
                found[i] = n = replace(n, unit=before.unit, kind=before.kind)
            if n.kind in ("money", "measure"):
                last[depth] = n
        return found

    def _join_measure_parts(self, text: str, found: list[Number]) -> list[Number]:
        """"82 километра 169 метров" is one figure, 82.169 km, not 82 km and 169 m."""
        joined: list[Number] = []
        for n in found:
            last = joined[-1] if joined else None
            part = self.lex.measure_parts.get(last.unit) if last and last.is_claim else None
            if part and n.is_claim and n.unit == part[0] and n.qualifier == "exact" \
                    and not text[last.end:n.start].strip():
                joined[-1] = replace(last, end=n.end, text=text[last.start:n.end], num_end=n.num_end,
                                     value=round(last.value + n.value * part[1], 6))
            else:
                joined.append(n)
        return joined

    def _trailing_scales(self, tokens: list[str], keep: int = 1) -> tuple[int, float]:
        """Where the scale words closing a number begin, and what they multiply it by ("7 тысяч":
        1000, "2,5 млн": 1e6, "төрт жүз": 100; 1 where none closes it, "төрт жүз жиырма бес").
        The first `keep` tokens are never taken."""
        scale, cut = 1.0, len(tokens)
        while cut > keep and (factor := self._lookup(self._scale_values, tokens[cut - 1])) is not None:
            scale, cut = scale * factor, cut - 1
        return cut, scale

    def _scale_of(self, text: str, n: Number) -> float:
        return self._trailing_scales(text[n.num_start:n.num_end].split())[1]

    def _join_composites(self, text: str, found: list[Number]) -> list[Number]:
        """"2 млрд 350 млн", "12 мың 400 теңге", "23 тысячи 226 дней": a figure closed by a scale
        word, then right after it a smaller one, is one figure, their sum (with the second's unit
        and kind)."""
        joined: list[Number] = []
        for n in found:
            last = joined[-1] if joined else None
            if last and self._continues(text, last, n):
                joined[-1] = replace(n, start=last.start, text=text[last.start:n.end], num_start=last.num_start,
                                     value=round(last.value + n.value, 6),
                                     qualifier=n.qualifier if last.qualifier == "exact" else last.qualifier)
            else:
                joined.append(n)
        return joined

    def _continues(self, text: str, last: Number, n: Number) -> bool:
        """Whether `n` is the smaller part of the composite figure that `last` opens."""
        if not (last.is_claim and last.kind == "count" and last.unit is None
                and (n.is_claim and n.kind in ("count", "money", "measure") or n.kind == "duration")):
            return False
        if last.end != last.num_end or n.start != n.num_start or text[last.end:n.start].strip():
            return False
        scale = self._scale_of(text, last)
        return scale >= 1000 and 0 < n.value < scale

    def _share_scale(self, text: str, low: Number, high: Number) -> Number:
        """The first half of a pair, read with the second's scale where it has none of its own
        ("5-7 тысяч", "с 5 до 3 млн") and its unit where it has none ("80-нен 60 шақырымға")."""
        value = low.value * self._scale_of(text, high) if self._scale_of(text, low) == 1 else low.value
        return replace(low, value=round(value, 6), unit=low.unit or high.unit,
                       kind=low.kind if low.unit else high.kind, range_end=high.end)

    def _join_ranges(self, text: str, found: list[Number]) -> list[Number]:
        """The first half of a range takes the second half's scale and unit: "5-7 тысяч" is
        5000 to 7000, "от 3 до 5 тыс. руб." 3000 to 5000 roubles, "10 – 15 мың теңге" 10000 to
        15000 tenge. A dash range is at least its first half and at most its second, where they
        have no qualifier of their own ("с 10 до 20 млн", a change, keeps 10 exact). A range of
        time is a claim when either half is asserted ("на срок от 8 до 20 лет")."""
        for i in range(len(found) - 1):
            low, high = found[i], found[i + 1]
            if not self.range_joint.fullmatch(text, low.num_end, high.num_start):
                continue
            if low.kind == high.kind == "duration" and (low.is_claim or high.is_claim):
                low, high = self._as_claim_of_time(text, low), self._as_claim_of_time(text, high)
                found[i], found[i + 1] = low, high
            elif not (low.is_claim and high.is_claim and low.unit is None and low.kind == "count"):
                continue
            if self._scale_of(text, low) != 1 or not low.value < high.value / self._scale_of(text, high):
                continue        # "14-13" is a score, "2-1" a code: a range rises
            dash = re.fullmatch(r"\s*[-–—]\s*", text[low.num_end:high.num_start])
            found[i] = replace(self._share_scale(text, low, high),
                               qualifier="at_least" if dash and low.qualifier == "exact" else low.qualifier)
            if dash and high.qualifier == "exact":
                found[i + 1] = replace(high, qualifier="at_most")
        return found

    # -- spans of time that are claims -------------------------------------------
    def _asserted(self, text: str, n: Number, words: Words) -> Number:
        """A span of time is a claim where the text asserts it (a term, a length of service, what
        is granted or stocked for that long, a change) and does not make it the period of another
        figure or an age; see [durations.claims]."""
        if n.kind != "duration" or n.is_claim:
            return n
        m = self.duration_word.match(text, n.end)
        if not m or not self._label(self._duration_units, m.group("word")):
            return n
        if self.framing_after.match(text[m.end():]) or self.age_mentioned.search(text, 0, n.start):
            return n        # "5 лет назад"; "возраст ... составляет 60 лет, однако он может быть увеличен до 65 лет"
        if self._with_change(text, n, words).change:
            return self._as_claim_of_time(text, n)
        if self.framing_before.search(text, 0, n.start):
            return n
        before = words.around(n.start, False, self.lex.duration_claims.words_before, cross=False)
        after = words.around(m.end(), True, self.lex.duration_claims.words_after, cross=False)
        granted = any(prep.search(text, 0, n.start) and any(cue.fullmatch(w) for w in before)
                      for prep, cue in self.duration_granted)
        if granted or any(self.duration_terms.fullmatch(w) for w in before + after):
            return self._as_claim_of_time(text, n)
        return n

    def _as_claim_of_time(self, text: str, n: Number) -> Number:
        """A duration as a claim: its unit (year, month, day, hour), and, where the unit word
        follows the number itself, the span runs over it and a qualifier after it ("12 жылға
        дейін", "20 жылдай")."""
        if n.is_claim:
            return n
        m = self.duration_word.match(text, n.end)
        unit = self._label(self._duration_units, m.group("word"))
        if m.group("range"):
            return replace(n, is_claim=True, unit=unit)
        qualifier = n.qualifier
        if qualifier == "exact":
            qualifier = self._label(self._qualifier_patterns, m.group("qa")) or \
                next((q for p, q in self._ending_patterns if p.search(m.group("word"))), "exact")
        return replace(n, is_claim=True, unit=unit, end=m.end(), text=text[n.start:m.end()], qualifier=qualifier)

    # -- rises and falls ----------------------------------------------------------
    def _with_change(self, text: str, n: Number, words: Words) -> Number:
        """A figure that is the amount, the new level or the old level of a rise or fall nearby
        in its clause; a signed figure is the amount of one ("+5%", "-2,1%")."""
        signed = self._signed(text, n, words)
        if signed:
            return replace(n, change=signed, change_role="by")
        role, at = self._role(text, n)
        postposition = self.to_after_next.match(text[n.end:])     # the window goes on after it
        direction = self._direction(words, n, n.start if at is None else at, past_comma=at is not None,
                                    end=n.end + postposition.end() if postposition else n.end)
        if direction == "reach":        # "саны 520-ға жетті": reached, the new level; not a
            if n.unit in self.lex.change.level_units:          # temperature ("-35 градусқа дейін жетеді")
                return n
            return replace(n, change="up", change_role="from" if role == "from" else "to")
        if direction is None or (role is None and n.unit not in CHANGE_UNITS):
            return n
        return replace(n, change=direction, change_role=role or "by")

    def _signed(self, text: str, n: Number, words: Words) -> str | None:
        """"up" or "down" for a signed figure ("+5%", "-2,1%"), unless it is a level ("-30
        градусов", "при температуре +20": a level word among the two words before it)."""
        sign = text[n.start:n.num_start].rstrip()[-1:]
        if not sign or sign not in "+-−" or n.unit in self.lex.change.level_units or \
                any(self.level_words.fullmatch(w) for w in words.around(n.start, False, 2, cross=False)):
            return None
        return "up" if sign == "+" else "down"

    def _role(self, text: str, n: Number) -> tuple[str | None, int | None]:
        """The figure's role in a change by the preposition before it ("на 5%", "до 4 млн", "с 90"),
        with where the preposition starts; or by its case ending and postposition ("10 пайызға",
        "380 теңгеден", "5,3 пайызға дейін"), with None."""
        for end in (n.num_start, n.start):
            for role, pattern in self.role_before:
                m = pattern.search(text, 0, end)
                if m and not (role == "by" and self.by_not_after.search(text, 0, end)):
                    return role, m.start()
        tail = text[n.num_start:n.end]
        if self.to_after_in.search(tail) or self.to_after_next.match(text[n.end:]):
            return "to", None
        last = [w for w in tail.split() if not self.qualifier_after_word.fullmatch(w)][-1:]
        if last and n.qualifier == "exact" and self.from_ending.search(last[0]):
            return "from", None
        if last and self.by_ending.search(last[0]):
            return "by", None
        return None, None

    def _direction(self, words: Words, n: Number, at: int, past_comma: bool, end: int | None = None) -> str | None:
        """"up" or "down": the nearest word of change in the clause, within the lexicon's window
        before and after the figure (other figures of the change may stand between); "reach" for
        a rise to a level ("жетті", reached)."""
        ch = self.lex.change
        before = words.around(at, False, ch.words_before, cross=True, past_comma=past_comma)
        after = words.around(n.end if end is None else end, True, ch.words_after, cross=True)
        if any(self.gradient_words.fullmatch(w) for w in before):
            return None                 # "солтүстіктен оңтүстікке қарай 4200-ден 5500-ге дейін артады"
        for nearest in (w for pair in zip_longest(before, after) for w in pair if w):
            if self.up_words.fullmatch(nearest):
                return "up"
            if self.down_words.fullmatch(nearest):
                return "down"
            if self.reach_words.fullmatch(nearest):
                return "reach"
        return None

    def _list_changes(self, text: str, found: list[Number]) -> list[Number]:
        """A list that leaves the verb of change out shares it: "увеличила выпуск угля на 9%,
        выпуск стали - на 1%": a figure with a role's preposition and no change of its own takes
        the change of the figure before it in the same sentence that plays the same role."""
        last: dict[str, Number] = {}
        for i, n in enumerate(found):
            if not n.is_claim:
                continue
            role, at = self._role(text, n) if n.change is None else (n.change_role, None)
            if n.change is None and role in last and at is not None and \
                    not _sentence_break(text[last[role].end:n.start]):
                found[i] = n = replace(n, change=last[role].change, change_role=role)
            if n.change:
                last[n.change_role] = n
        return found

    def _pair_changes(self, text: str, found: list[Number]) -> list[Number]:
        """Pairs in a change: "с 90 до 30 дней", "380 теңгеден 300 теңгеге" are the old level and
        the new (the old read with the new one's scale and unit); the halves of a range ("на
        10–15%", "2 – 3 мың теңгеге өскен") share their change. A new level is exact, not a limit
        ("выросло до 4 млн"), unless it closes a range ("80 – 82 теңгеге дейін қымбаттауы")."""
        in_range = set()
        for i in range(len(found) - 1):
            low, high = found[i], found[i + 1]
            if not (low.is_claim and high.is_claim):
                continue
            if high.change and not text[low.end:high.start].strip() and \
                    (low.change_role or (None if low.change else self._role(text, low)[0])) == "from":
                found[i] = replace(low if low.range_end else self._share_scale(text, low, high), change=high.change,
                                   change_role="from")
                found[i + 1] = replace(high, change_role="to")
            elif low.range_end == high.end:
                in_range.add(i + 1)
                # the half that marks its role says it ("до 10–15%", "20 – 30%-ке дейін")
                change = low.change or high.change
                role = next((r for r in (low.change_role, high.change_role) if r in ("to", "from")),
                            low.change_role or high.change_role)
                found[i], found[i + 1] = (replace(low, change=change, change_role=role),
                                          replace(high, change=change, change_role=role))
        return [replace(n, qualifier="exact") if n.change_role == "to" and n.qualifier == "at_most"
                and i not in in_range else n for i, n in enumerate(found)]

    def _classify(self, text: str, m: re.Match, line_start: bool, wordless: bool) -> Number | None:
        value, from_digits = self.value_of(m.group("num"))
        if value is None:
            return None
        if m.group("minus") or m.group("sign") in ("-", "−"):
            value = -value
        start, end = m.start(), m.end()
        if m.group("rb") and not m.group("ratio"):
            start = m.start("ub") if m.group("ub") else m.start("num")
            start = m.start("qb") if m.group("qb") else start
        before_preposition = self.qualifier_before_preposition.search(text, 0, m.start())
        qualifier = (self._label(self._qualifier_patterns, m.group("qb"))
                     or self._label(self._qualifier_patterns, m.group("qa1"))
                     or self._label(self._qualifier_patterns, m.group("qa2"))
                     or self._label(self._qualifier_patterns, before_preposition and before_preposition.group("q"))
                     or next((q for p, q in self._ending_patterns if p.search(m.group("unit") or m.group("num"))),
                             "exact"))
        first_word = m.group("num").split()[0]
        if qualifier == "exact" and any(re.fullmatch(w, first_word, re.I) for w in self.lex.vague_words):
            qualifier = "several"               # "сотни тысяч": some hundreds of thousands
        unit = self._label(self._unit_patterns, m.group("unit") or m.group("ub"))
        kind = "count"
        # "в 3 раза", "рост составил 2,5 раза", "3 раза больше" compare; "107 раз" alone counts how
        # often (Kazakh "есе" always compares: a language without ratio prepositions needs none)
        if m.group("ratio") and (m.group("rb") or not self.lex.ratio_before
                                 or self.ratio_compare_before.search(text, 0, m.start())
                                 or self.ratio_compare_after.match(text, m.end())):
            unit, kind = "times", "ratio"
        elif unit == "percent":
            kind = "percent"
        elif unit in self.lex.measure_units:
            kind = "measure"
        elif unit:
            kind = "money"
        reason = self._not_a_claim(text, m, value, from_digits, unit, line_start, wordless)
        if reason:
            kind = reason
        return Number(start, end, text[start:end], value, qualifier, unit, kind,
                      kind in CLAIM_KINDS, m.start("num"), m.end("num"))

    def _rises_from(self, word: str, value: float) -> bool:
        """A number word before a hyphen makes a range with a larger number: "три-четыре"."""
        low = self._lookup(self._word_values, word)
        return low is not None and low < value

    def _in_title(self, before: str, number: str, after: str) -> bool:
        """Inside a short «quoted» name that a title word stands next to: a programme's or a
        project's name, not a figure. Longer quotes are speech, where claims are."""
        opened, closes = before.rfind("«"), after.find("»")
        if opened < 0 or closes < 0 or "»" in before[opened:] or "«" in after[:closes]:
            return False
        title = before[opened + 1:] + number + after[:closes]
        if "\n" in title or len(title.split()) > TITLE_WORDS:
            return False
        return bool(self.title_before.search(before[:opened]) or self.title_after.search(after[closes + 1:]))

    def _not_a_claim(self, text, m, value, from_digits, unit, line_start, wordless) -> str | None:
        before, after = text[:m.start()], text[m.end():]
        num = m.group("num")
        if self.not_before.search(before) or self.not_after.search(after):
            return "other"                          # page, item and article numbers
        if self._in_title(before, m.group(), after):
            return "other"                          # «Бес әлеуметтік бастама» жобасы, программа «7-20-25»
        if self.time_before.search(before) or self.time_after.search(after):
            return "time"                           # "таңғы 7-ден", "в 5 часов утра"
        if self.day_before.search(before):
            return "date"                           # "наурыздың 22-нен"
        if re.fullmatch(DIGITS, num) and not m.group("qb") and self.counter_after.search(after):
            return "other"                          # "1234 просмотров"; "815 млн просмотров" is a figure
        if not unit and (self.duration_word.match(after) or self.duration_before.search(before)):
            return "duration"                       # ages and spans of time: "5 лет", "83-летний", "3 ай"
        hyphened = re.search(r"([^\W\d_]+)-$", before)
        if before[-1:].isalpha() or hyphened and not self._rises_from(hyphened.group(1), value):
            return "other"                          # identifiers: "COVID-19", "Ту-154", "бір-бірі"
        long_code = (re.fullmatch(r"\d{5,}", num) and re.match(r"-\d{1,2}(?![\d.,])", after)
                     or re.fullmatch(r"\d{1,2}", num) and re.search(r"(?<![\d-])\d{5,}-$", before))
        if long_code or re.search(r"\d/$|\d[.-]\d+[.-]$|№\s*\d+-$", before) or re.match(r"/\d|[.-]\d+[./-]\d", after):
            return "other"                          # codes: "№ 1039101-6", "законопроект 589658-7",
                                                    # "2-6-27/2016", "2001/02" (a range "5-7
                                                    # человек", "10000-15000 рублей" is not one)
        if line_start and not before.strip(" •·*-–—\t") and re.match(r"^[.)]\s", after):
            return "ordinal"                        # list numbering: "1. ", "2) "
        if wordless and not re.search(r"[^\W\d_]", m.group()):
            return "other"                          # lone number lines, tickers: "516", "$ 498.34 4.85"
        if not from_digits and value in self.lex.weak_values and not unit and not m.group("qb"):
            picks = self.weak_picks_before.search(before)
            if self.weak_counts_before.search(before):
                return None                         # "только один случай": "only" makes it a figure
            if self.weak_counted.match(after) and not picks:
                return None                         # "погиб один человек"
            if picks or self.weak_picks_after.match(after):
                return "other"                      # "один из", "ещё один": an article, not a figure
            return "weak"                           # a figure only among figures (see extract)
        plain = re.fullmatch(r"\d{4}(?:-[^\W\d_]+)?", num)      # "2008", "2017-де"
        if plain and 1900 <= value <= 2100 and not unit and not m.group("qb"):
            next_word = re.match(r"\s*([^\W\d_]+)", after)
            if not next_word or next_word.group(1)[0].isupper() or \
                    next_word.group(1).lower() in OBJECT_STOPWORDS or \
                    self.year_before.search(text[:m.start("num")]):
                return "year"                       # "в 2008 участвовал", "сезона 2013-2014"
        return None


@lru_cache(maxsize=8)
def lexicon(path: str) -> Lexicon:
    return Lexicon.load(Path(path))


@lru_cache(maxsize=8)
def engine_for(path: str) -> Engine:
    """The lexicon's patterns, compiled once per process (0.15 s a language)."""
    return Engine(lexicon(path))


def lexicon_path(paths: list[str], lang: str) -> str | None:
    """The lexicon file that declares `lang`."""
    return next((str(p) for p in paths if lexicon(str(p)).lang == lang), None)


def lexicons(paths: list[str]) -> dict[str, str]:
    """Each language's lexicon file; its engine is compiled when a sentence needs it."""
    return {lexicon(str(path)).lang: str(path) for path in paths}
