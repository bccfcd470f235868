"""Who says a figure, where the text says so (cues in configs/speech.toml).

In order: "по словам X" / "X сөзінше" in the claim's sentence; a speech verb in that sentence
with a person or organisation beside it; a quotation closed by its attribution later in the
same paragraph ("..., – сказал он."); a speaker introduced earlier in the same paragraph.
"он"/"ол" resolves to the last person named before. No cue, no subject: nothing is guessed.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache

SPEAKER_LABELS = ("PER", "ORG")
NAME = re.compile(r"(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w-]+\s+){1,2}[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w-]+(?=\W*$)")


@dataclass(frozen=True)
class Cues:
    verb: re.Pattern
    according: re.Pattern
    pronoun: re.Pattern
    quote_close: re.Pattern


@lru_cache(maxsize=4)
def cues(path: str, lang: str) -> Cues:
    with open(path, "rb") as handle:
        table = tomllib.load(handle)[lang]

    def words(patterns):
        return "|".join(f"(?:{p})" for p in patterns)

    verb = words(table["verbs"])
    return Cues(
        verb=re.compile(rf"(?<![\w-])(?:{verb})(?!\w)", re.I),
        according=re.compile(rf"(?<![\w-])(?:{words(table['according_to'])})(?!\w)", re.I),
        pronoun=re.compile(rf"^\s*(?:{words(table['pronouns'])})(?!\w)", re.I),
        quote_close=re.compile(rf"[\"»”“]?\s*,?\s*[-–—]\s*(?:деп\s+)?(?:{verb})(?!\w)", re.I),
    )


def _nearest(entities: list[dict], lo: int, hi: int, prefer_first: bool) -> dict | None:
    inside = [e for e in entities if e["label"] in SPEAKER_LABELS and lo <= e["start"] and e["end"] <= hi]
    if not inside:
        return None
    people = [e for e in inside if e["label"] == "PER"]
    pool = people or inside
    return pool[0] if prefer_first else pool[-1]


class Attributor:
    """Per document: sentences (with paragraph ids) and their entities."""

    def __init__(self, text: str, sentences: list[dict], entities: list[dict], cue_path: str):
        self.text = text
        self.sentences = sentences
        self.entities = sorted(entities, key=lambda e: e["start"])
        self.cue_path = cue_path
        self._speakers: dict[int, str | None] = {}
        self._subjects: dict[int, str | None] = {}

    def _speaker_in(self, sent: dict) -> str | None:
        """The speaker a sentence names with a speech cue, if any."""
        if sent["sent_id"] in self._speakers:
            return self._speakers[sent["sent_id"]]
        c = cues(self.cue_path, sent["lang"]) if sent["lang"] in ("ru", "kk") else None
        found = None
        if c is not None:
            found = self._find_speaker(sent, c)
        self._speakers[sent["sent_id"]] = found
        return found

    def _find_speaker(self, sent: dict, c: Cues) -> str | None:
        s, e = sent["start"], sent["end"]
        body = self.text[s:e]
        according = c.according.search(body)
        if according:
            if sent["lang"] == "kk":      # "Балабек Жанбекұлының сөзінше"
                ent = _nearest(self.entities, s, s + according.start(), prefer_first=False)
            else:
                ent = _nearest(self.entities, s + according.end(), e, prefer_first=True)
            if ent:
                return ent["normal"]
        verb = c.verb.search(body)
        if not verb:
            return None
        ent = _nearest(self.entities, s + verb.end(), e, prefer_first=True)
        if ent is None and c.pronoun.match(body[verb.end():]):
            return self._last_person_before(s)
        if ent is None:
            ent = _nearest(self.entities, s, s + verb.start(), prefer_first=False)
        if ent:
            return ent["normal"]
        name = NAME.search(body[verb.end():])      # the model missed a name at the very end
        return name.group().strip() if name else None

    def _last_person_before(self, offset: int) -> str | None:
        people = [e for e in self.entities if e["label"] == "PER" and e["end"] <= offset]
        return people[-1]["normal"] if people else None

    def _closes_quote(self, sent: dict) -> bool:
        c = cues(self.cue_path, sent["lang"]) if sent["lang"] in ("ru", "kk") else None
        return bool(c and c.quote_close.search(self.text[sent["start"]:sent["end"]]))

    @cached_property
    def _paragraphs(self) -> dict[int, list[int]]:
        paragraphs: dict[int, list[int]] = {}
        for i, sent in enumerate(self.sentences):
            paragraphs.setdefault(sent["para_id"], []).append(i)
        return paragraphs

    def subject(self, sent_index: int) -> str | None:
        if sent_index not in self._subjects:
            self._subjects[sent_index] = self._subject(sent_index)
        return self._subjects[sent_index]

    def _subject(self, sent_index: int) -> str | None:
        sent = self.sentences[sent_index]
        speaker = self._speaker_in(sent)
        if speaker or sent["lang"] not in ("ru", "kk"):
            return speaker
        para = self._paragraphs[sent["para_id"]]
        for later in para:                      # "...», – сказал он." closes the quotation
            if later > sent_index and self._quote_closers[later]:
                return self._speaker_in(self.sentences[later])
        for earlier in reversed(para):          # the paragraph's speaker goes on talking
            if earlier < sent_index:
                speaker = self._speaker_in(self.sentences[earlier])
                if speaker:
                    return speaker
        return None

    @cached_property
    def _quote_closers(self) -> list[bool]:
        return [self._closes_quote(sent) for sent in self.sentences]
