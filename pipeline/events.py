"""Which documents report the same event: the specific names they share, and their dates.

Two reports of one event name the same participants ("Тоқаев" in Kazakh, "Токаев" in Russian,
"AMANAT" or "Аманат"); two unrelated articles of one outlet share only the names every article
carries (the country, the capital, the outlet), which say nothing. So a name counts as evidence
only when it is specific: not in configs/events.toml's list of ubiquitous names, not an outlet,
and, in a run large enough to tell, in no more than a small share of its documents. Documents
that share enough specific names, and whose dates (when both have one) are close, are linked.
A link is between two documents directly: events are never chained through a third document
that names everyone (a hub), which is what connected components of weak links would do.
"""
from __future__ import annotations

import math
import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from itertools import combinations

WORD = re.compile(r"[\w.]+")


@dataclass(frozen=True)
class EventRules:
    labels: frozenset
    stem: int
    fold_letters: dict
    latin_pairs: dict
    latin: dict
    ubiquitous: frozenset
    outlet_suffixes: tuple
    min_documents: int
    max_share: float
    entities: int
    max_days: float
    strong_entities: int
    small_count: float
    generic_concepts: frozenset
    names_alone: int
    similarity: float
    lead_similarity: float
    lead_chars: int
    min_word: int
    word_max_share: float

    def fold(self, text: str) -> str:
        text = text.lower()
        for letter, plain in self.fold_letters.items():
            text = text.replace(letter, plain)
        return text

    def words(self, text: str) -> list[str]:
        """A name's words, folded: lower case, Kazakh letters as their Russian look-alikes,
        Latin read in Cyrillic."""
        text = self.fold(text)
        for pair, letter in self.latin_pairs.items():
            text = text.replace(pair, letter)
        text = "".join(self.latin.get(ch, ch) for ch in text)
        return [w.strip(".") for w in WORD.findall(text.replace("_", " ")) if w.strip(".")]

    def key(self, text: str, label: str) -> str | None:
        """What a name is matched by: its words' stems; a person by the surname alone, so
        "Касым-Жомарт Токаев" meets "Токаев". None for what is not a specific name."""
        if label not in self.labels or not text:
            return None
        lowered = text.lower().strip()
        if any(lowered.endswith(suffix) for suffix in self.outlet_suffixes):
            return None
        words = self.words(text)
        if not words or " ".join(words) in self.ubiquitous:
            return None
        if label == "PER":
            words = words[-1:]
        key = " ".join(w[:self.stem] for w in words)
        return None if key in self.ubiquitous or len(key) < 2 else key


@lru_cache(maxsize=4)
def rules(path: str) -> EventRules:
    with open(path, "rb") as handle:
        table = tomllib.load(handle)
    names, ubiquitous, links = table["names"], table["ubiquitous"], table["links"]
    partial = EventRules(frozenset(names["labels"]), names["stem"], names["fold"], names["latin_pairs"],
                         names["latin"], frozenset(), tuple(ubiquitous["outlet_suffixes"]),
                         ubiquitous["min_documents"], ubiquitous["max_share"], links["entities"],
                         links["max_days"], links["strong_entities"], links["small_count"],
                         frozenset(links["generic_concepts"]), links["names_alone"], links["similarity"], links["lead_similarity"],
                         links["lead_chars"], links["min_word"], links["word_max_share"])
    # a ubiquitous name is left out both as written and as stemmed
    common = set()
    for name in ubiquitous["names"]:
        words = partial.words(name)
        common |= {" ".join(words), " ".join(w[:partial.stem] for w in words)}
    return EventRules(**{**partial.__dict__, "ubiquitous": frozenset(common)})


class Wording:
    """How alike two documents are worded: cosine of rarity-weighted word stems, of the whole
    texts and of their leads."""

    def __init__(self, texts: dict[str, str], event_rules: EventRules):
        self.rules = event_rules
        word = re.compile(rf"[^\W\d_]{{{event_rules.min_word},}}")
        stems = {doc: (Counter(w[:event_rules.stem] for w in word.findall(event_rules.fold(text))),
                       Counter(w[:event_rules.stem] for w in word.findall(event_rules.fold(text[:event_rules.lead_chars]))))
                 for doc, text in texts.items()}
        frequency = Counter(stem for whole, _ in stems.values() for stem in whole)
        n_docs = max(len(texts), 1)
        weight = {stem: math.log(n_docs / n) for stem, n in frequency.items()
                  if n <= event_rules.word_max_share * n_docs}
        self.vectors = {doc: (self._vector(whole, weight), self._vector(lead, weight))
                        for doc, (whole, lead) in stems.items()}

    @staticmethod
    def _vector(counts: Counter, weight: dict) -> dict[str, float]:
        vector = {s: (1 + math.log(n)) * weight[s] for s, n in counts.items() if s in weight}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {s: v / norm for s, v in vector.items()}

    def agrees(self, a: str, b: str) -> bool:
        (whole_a, lead_a), (whole_b, lead_b) = self.vectors[a], self.vectors[b]
        return (_cosine(whole_a, whole_b) >= self.rules.similarity
                and _cosine(lead_a, lead_b) >= self.rules.lead_similarity)


def _cosine(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(s, 0.0) for s, v in a.items())


class EventLinks:
    """The specific names of each document, and the pairs of documents they link."""

    def __init__(self, entities: list[dict], published: dict[str, datetime | None], event_rules: EventRules,
                 texts: dict[str, str] | None = None, languages: dict[str, str] | None = None,
                 mentioned: dict[str, set[int]] | None = None):
        """`texts` and `languages` (doc -> its language) let wording be compared; `mentioned`
        (doc -> the days of the year its text names) stands in for an undated document's date."""
        self.rules = event_rules
        self.published = published
        self.mentioned = mentioned or {}
        self.languages = languages or {}
        comparable = texts is not None and len(texts) >= event_rules.min_documents
        self.wording = Wording(texts, event_rules) if comparable else None
        # a run names the same few thousand names over and over: each is folded and stemmed once
        self._key = lru_cache(maxsize=None)(event_rules.key)
        names: dict[str, set[str]] = defaultdict(set)
        spellings: dict[str, Counter] = defaultdict(Counter)
        for e in entities:
            spelling = e.get("normal") or e["text"]
            key = self._key(spelling, e["label"])
            if key:
                names[e["doc_id"]].add(key)
                spellings[key][spelling] += 1
        n_docs = len(set(published) | set(names))
        frequency = Counter(key for keys in names.values() for key in keys)
        background = ({key for key, n in frequency.items() if n > event_rules.max_share * n_docs}
                      if n_docs >= event_rules.min_documents else set())
        self.names = {doc: keys - background for doc, keys in names.items()}
        self.display = {key: min(counts, key=lambda s: (-counts[s], s)) for key, counts in spellings.items()}
        self._shared = self._shared_names()

    def _shared_names(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """(doc, doc) -> the specific names both carry, for every pair that shares one."""
        holders: dict[str, list[str]] = defaultdict(list)
        for doc in sorted(self.names):
            for key in self.names[doc]:
                holders[key].append(doc)
        shared: dict[tuple[str, str], list[str]] = defaultdict(list)
        for key in sorted(holders):
            for pair in combinations(holders[key], 2):
                shared[pair].append(key)
        return {pair: tuple(keys) for pair, keys in shared.items()}

    def shared(self, a: str, b: str) -> tuple[str, ...]:
        return self._shared.get((a, b) if a < b else (b, a), ())

    def days_apart(self, a: str, b: str) -> float | None:
        first, second = self.published.get(a), self.published.get(b)
        if first is None or second is None:
            return None
        return abs((first - second).total_seconds()) / 86400

    def _close(self, a: str, b: str) -> bool:
        """Dated documents: their dates within max_days. Otherwise, where both texts name days
        ("25 февраля"), some day of one within max_days of a day of the other."""
        days = self.days_apart(a, b)
        if days is not None:
            return days <= self.rules.max_days
        first, second = self.mentioned.get(a), self.mentioned.get(b)
        if not first or not second:
            return True
        return any(min(abs(x - y), 366 - abs(x - y)) <= self.rules.max_days for x in first for y in second)

    def _worded_alike(self, a: str, b: str) -> bool:
        """True where wording cannot be compared: across languages, or in a small run."""
        one_language = self.languages.get(a) is not None and self.languages.get(a) == self.languages.get(b)
        return self.wording is None or not one_language or self.wording.agrees(a, b)

    def _evidence(self, a: str, b: str, names: int) -> bool:
        shared = len(self.shared(a, b))
        return a != b and shared >= names and self._close(a, b) and (
            shared >= self.rules.names_alone or self._worded_alike(a, b))

    def linked(self, a: str, b: str) -> bool:
        return self._evidence(a, b, self.rules.entities)

    def strongly_linked(self, a: str, b: str) -> bool:
        return self._evidence(a, b, self.rules.strong_entities)

    def sentence_names(self, claim: dict) -> set[str]:
        """The specific names in a claim's sentence (its `entities`)."""
        keys = {self._key(e["text"], e["label"]) for e in claim.get("entities") or []}
        return keys & self.names.get(claim["doc_id"], set())

    def names_of(self, keys) -> list[str]:
        return sorted(self.display[key] for key in keys)
