"""Who says a figure, where the text says so (cues in configs/speech.toml and configs/frames.toml).

A sentence names its speaker with a cue: where it has a dependency tree (pipeline.frames), the
subject of a speech verb or the dependent of "по словам"/"по данным", as the named entity there,
a role noun or pronoun resolved to the last fitting name before it; without a tree, the name
beside a cue word. A headline "Минфин: ..." names its speaker before the colon. A sentence
without a cue takes, in order: the speaker of the quotation's closing attribution later in the
paragraph ("..., – сказал он."); of an "Об этом сообщил X" sentence after it; of a sentence
ending with ':' that introduces the list it is in. "Согласно сообщению" with nobody named is the
previous speaker's message. News outlets are never speakers. No cue, no subject.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache

from pipeline.frames import Lexicon, speakers

SPEAKER_LABELS = ("PER", "ORG")
NAME = re.compile(r"(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w-]+\s+){1,2}[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w-]+(?=\W*$)")
HEADLINE = re.compile(r"^\W*([^:\n]{2,60}?)\s*:\s+\S")
HEADLINE_WORDS = 25     # a one-sentence paragraph this short may be a headline
LIST_ITEM = re.compile(r"^\s*(?:[-–—•*·]|\d{1,2}[.)]\s)")
MAX_LIST_ITEMS = 30
PREVIOUS_REACH = 5
QUOTE_PARAGRAPHS = 5    # a speech closed by "– деді X." may run over this many paragraphs before it
HEADING_WORDS = 6
ROLE_WORDS = 1          # words before a role noun that name it ("сала министрі")
OPENS_QUOTE = re.compile(r"^\s*[«„“\"'—–-]")      # sentences back to look for whose message "согласно сообщению" means


@dataclass(frozen=True)
class Cues:
    verb: re.Pattern
    according: re.Pattern
    pronoun: re.Pattern
    quote_close: re.Pattern
    refers_back: re.Pattern
    outlet: re.Pattern
    possessor: re.Pattern | None


@lru_cache(maxsize=4)
def cues(path: str, lang: str) -> Cues:
    with open(path, "rb") as handle:
        tables = tomllib.load(handle)
    table = tables[lang]

    def words(patterns):
        return "|".join(f"(?:{p})" for p in patterns)

    verb = words(table["verbs"])
    return Cues(
        verb=re.compile(rf"(?<![\w-])(?:{verb})(?!\w)", re.I),
        according=re.compile(rf"(?<![\w-])(?:{words(table['according_to'])})(?!\w)", re.I),
        pronoun=re.compile(rf"^\s*(?:{words(table['pronouns'])})(?!\w)", re.I),
        quote_close=re.compile(rf"[\"»”“]?\s*,?\s*[-–—]\s*(?:деп\s+)?(?:{verb})(?!\w)", re.I),
        refers_back=re.compile(rf"^\W*(?:{words(table['refers_back'])})(?!\w)", re.I),
        outlet=re.compile(rf"^\W*(?:(?:{words(tables['outlets']['kinds'])})\W+)?(?:{words(tables['outlets']['names'])})"
                          rf"(?:\W+(?:{words(tables['outlets']['editions'])}))?\W*$", re.I),
        possessor=re.compile(table["possessor"]) if "possessor" in table else None,
    )


def _nearest(entities: list[dict], lo: int, hi: int, prefer_first: bool) -> dict | None:
    inside = [e for e in entities if e["label"] in SPEAKER_LABELS and lo <= e["start"] and e["end"] <= hi]
    if not inside:
        return None
    people = [e for e in inside if e["label"] == "PER"]
    pool = people or inside
    return pool[0] if prefer_first else pool[-1]


class Attributor:
    """Per document: sentences (with paragraph ids), their entities, and the dependency trees of
    the sentences that have one (sentence index -> nodes)."""

    def __init__(self, text: str, sentences: list[dict], entities: list[dict], cue_path: str,
                 trees: dict[int, list] | None = None, frames: dict[str, Lexicon] | None = None):
        self.text = text
        self.sentences = sentences
        self.cue_path = cue_path
        self.trees = trees if trees is not None else {}
        self.frames = frames or {}
        self.entities = sorted((e for e in entities if not self._is_outlet(e)), key=lambda e: e["start"])
        self._speakers: dict[int, str | None] = {}
        self._sourced: set[int] = set()      # sentences whose speaker a source phrase names
        self._speaker_words: dict[int, tuple[int, int]] = {}   # where a sentence's tree names its speaker
        self._subjects: dict[int, str | None] = {}

    def _cues(self, sent: dict) -> Cues | None:
        return cues(self.cue_path, sent["lang"]) if sent["lang"] in ("ru", "kk") else None

    def _is_outlet(self, entity: dict) -> bool:
        return bool(cues(self.cue_path, "ru").outlet.match(entity["text"]))

    def _speaker_in(self, index: int) -> str | None:
        """The speaker a sentence names with a speech cue, if any."""
        if index not in self._speakers:
            sent = self.sentences[index]
            c = self._cues(sent)
            found = None
            if c is not None:
                tree = self.trees.get(index)
                found = self._headline_speaker(index) or (
                    self._tree_speaker(index, tree) if tree is not None else self._find_speaker(sent, c))
            self._speakers[index] = self._fullest(found)
        return self._speakers[index]

    def _tree_speaker(self, index: int, tree: list) -> dict | None:
        sent = self.sentences[index]
        for speaker in speakers(tree, self.frames[sent["lang"]]):
            if speaker.role == "previous":
                return self._previous_speaker(index)
            ent = _nearest(self.entities, speaker.start, speaker.end, prefer_first=True)
            if ent is not None and speaker.role == "source" and 0 <= speaker.qualified_after <= ent["start"]:
                ent = None                                       # "пресс-служба полиции РА": its words
            if ent is None and speaker.role == "person":
                ent = self._last_before(speaker.start, "PER")
            elif ent is None and speaker.role == "org":
                ent = self._last_before(speaker.start, "ORG")
            elif ent is None and speaker.role == "source":       # "по данным городской станции ..."
                words = self.text[speaker.start:speaker.end]
                if self._is_outlet({"text": words}):             # "по данным Forbes", "по сведениям издания"
                    continue
                ent = {"normal": words, "label": "ORG"}
            if ent is not None:
                if speaker.sourced:
                    self._sourced.add(index)
                self._speaker_words[index] = (speaker.start, speaker.end)
                return ent
        return None

    def _previous_speaker(self, index: int) -> dict | None:
        for earlier in range(index - 1, max(-1, index - 1 - PREVIOUS_REACH), -1):
            if self._speaker_in(earlier):
                return {"normal": self._speaker_in(earlier), "label": "ORG"}
        return None

    def _find_speaker(self, sent: dict, c: Cues) -> dict | None:
        s, e = sent["start"], sent["end"]
        body = self.text[s:e]
        according = c.according.search(body)
        if according:
            if sent["lang"] == "kk":      # "Балабек Жанбекұлының сөзінше"
                ent = _nearest(self.entities, s, s + according.start(), prefer_first=False)
                named = c.possessor.search(body[:according.start()]) if ent is None and c.possessor else None
                if named:                 # "Экономика министрінің мәлімдеуінше"
                    ent = {"normal": named.group(1), "label": "ORG"}
            else:
                ent = _nearest(self.entities, s + according.end(), e, prefer_first=True)
            if ent:
                return ent
        verb = c.verb.search(body)
        if not verb:
            return None
        ent = _nearest(self.entities, s + verb.end(), e, prefer_first=True)
        if ent is None and c.pronoun.match(body[verb.end():]):
            return self._last_before(s, "PER")
        if ent is None:
            ent = _nearest(self.entities, s, s + verb.start(), prefer_first=False)
        if ent:
            return ent
        name = NAME.search(body[verb.end():])      # the model missed a name at the very end
        if name:
            return {"normal": name.group().strip(), "label": "PER"}
        return self._role_before(body[:verb.start()], sent["lang"])

    def _role_before(self, body: str, lang: str) -> dict | None:
        """A role noun standing as the subject before a speech verb, with the words that name it
        ("Министрлік ... деп хабарлады", "сала министрі ... айтты")."""
        lex = self.frames.get(lang)
        if lex is None:
            return None
        words = body.split()
        roles = lex.person_roles | lex.org_roles
        for i, word in enumerate(words):
            bare = word.lower().strip(",.:;«»\"")
            if bare in roles or (bare[:-1] in roles and bare[-1:] in "іы") or (bare[:-2] in roles and bare[-2:] in ("сі", "сы")):
                return {"normal": " ".join(words[max(0, i - ROLE_WORDS):i + 1]).strip(",.:;«»\""), "label": "ORG"}
        return None

    def _headline_speaker(self, index: int) -> dict | None:
        """"Минфин: ..." as a one-sentence paragraph names who says the rest."""
        sent = self.sentences[index]
        if len(self._paragraphs[sent["para_id"]]) > 1 or len(sent["text"].split()) > HEADLINE_WORDS:
            return None
        match = HEADLINE.match(sent["text"])
        if not match:
            return None
        return _nearest(self.entities, sent["start"], sent["start"] + match.end(1), prefer_first=True)

    def _last_before(self, offset: int, label: str) -> dict | None:
        found = [e for e in self.entities if e["label"] == label and e["end"] <= offset]
        return found[-1] if found else None

    def _fullest(self, entity: dict | None) -> str | None:
        """A person's fullest name in the document ("Петров" -> "Иван Петров")."""
        if entity is None:
            return None
        name = entity["normal"]
        if entity["label"] != "PER":
            return name
        last = name.split()[-1].lower()
        longer = [e["normal"] for e in self.entities
                  if e["label"] == "PER" and e["normal"].split()[-1].lower() == last]
        return max(longer, key=lambda n: (len(n.split()), n == name), default=name)

    def _closes_quote(self, sent: dict) -> bool:
        c = self._cues(sent)
        return bool(c and c.quote_close.search(self.text[sent["start"]:sent["end"]]))

    def _refers_back(self, sent: dict) -> bool:
        c = self._cues(sent)
        return bool(c and c.refers_back.match(sent["text"]))

    @cached_property
    def _paragraphs(self) -> dict[int, list[int]]:
        paragraphs: dict[int, list[int]] = {}
        for i, sent in enumerate(self.sentences):
            paragraphs.setdefault(sent["para_id"], []).append(i)
        return paragraphs

    def subject(self, sent_index: int, at: int | None = None) -> str | None:
        """Who says the figure at `at` of the sentence: nobody when the figure lies in the words
        that name the speaker ("Рено, чей рост был больше 180 сантиметров, сказала, что ...")."""
        if sent_index not in self._subjects:
            self._subjects[sent_index] = self._subject(sent_index)
        start, end = self._speaker_words.get(sent_index, (0, 0))
        return None if at is not None and start <= at < end else self._subjects[sent_index]

    def _subject(self, sent_index: int) -> str | None:
        sent = self.sentences[sent_index]
        speaker = self._speaker_in(sent_index)
        if speaker or sent["lang"] not in ("ru", "kk"):
            return speaker
        closer = self._closing_attribution(sent_index)
        if closer is not None:                  # "...», – сказал он." closes the quotation
            return self._speaker_in(closer)
        for later in self._until_next_paragraph(sent_index):   # "Об этом сообщил X." after it
            if self._refers_back(self.sentences[later]):
                speaker = self._speaker_in(later)
                if speaker:
                    return speaker
        return self._source_speaker(sent_index) or self._list_speaker(sent_index)

    def _source_speaker(self, sent_index: int) -> str | None:
        """What a source reported goes on through its paragraph ("По данным городской станции
        скорой помощи, известно о 14 пострадавших. ... ещё 10 пострадавших госпитализированы"),
        until a sentence names a speaker of its own."""
        para = self._paragraphs[self.sentences[sent_index]["para_id"]]
        for earlier in reversed([i for i in para if i < sent_index]):
            speaker = self._speaker_in(earlier)
            if speaker:
                return speaker if earlier in self._sourced else None
        return None

    def _closing_attribution(self, sent_index: int) -> int | None:
        """The sentence that closes the speech this one is part of: later in its paragraph, or
        in the next few paragraphs when none of the sentences between names a speaker of its
        own and no short line (a heading, a caption) breaks them."""
        para_ids = sorted(self._paragraphs)
        at = para_ids.index(self.sentences[sent_index]["para_id"])
        for step, para_id in enumerate(para_ids[at:at + 1 + QUOTE_PARAGRAPHS]):
            para = self._paragraphs[para_id]
            opening = self.sentences[para[0]]["text"]
            if step and (OPENS_QUOTE.match(opening) or
                         (len(para) == 1 and len(opening.split()) < HEADING_WORDS)):
                return None                     # a quotation or a heading starts there
            for later in para:
                if later <= sent_index:
                    continue
                if self._quote_closers[later]:
                    return later
                if self._speaker_in(later):
                    return None
        return None

    def _list_speaker(self, sent_index: int) -> str | None:
        """A list introduced by an attributed sentence ending with ':' inherits its speaker: the
        paragraphs after it, while they are list items (the first one whatever it looks like)."""
        para_id = self.sentences[sent_index]["para_id"]
        earlier = sorted(p for p in self._paragraphs if p < para_id)
        for step, previous in enumerate(reversed(earlier)):
            last = self.sentences[self._paragraphs[previous][-1]]
            if last["text"].rstrip().endswith(":"):
                return self._speaker_in(self._paragraphs[previous][-1])
            if not LIST_ITEM.match(self.sentences[self._paragraphs[previous][0]]["text"]):
                return None
            if step >= MAX_LIST_ITEMS:
                return None
        return None

    def _until_next_paragraph(self, sent_index: int) -> list[int]:
        """The rest of the sentence's paragraph and the next paragraph's first sentence."""
        para_id = self.sentences[sent_index]["para_id"]
        later = [i for i in self._paragraphs[para_id] if i > sent_index]
        nxt = min((p for p in self._paragraphs if p > para_id), default=None)
        return later + (self._paragraphs[nxt][:1] if nxt is not None else [])

    @cached_property
    def _quote_closers(self) -> list[bool]:
        return [self._closes_quote(sent) for sent in self.sentences]
