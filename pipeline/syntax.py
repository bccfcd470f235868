"""Dependency trees of the sentences that hold a claim, as plain nodes.

Russian trees come from natasha's own parser and morphology (slovnet, trained on SynTagRus,
shipped in natasha's wheel). The claims stage reads objects and speakers off these trees
(pipeline.frames); Kazakh claims are read off Apertium's morphology instead (pipeline.kk_objects)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass
class Node:
    i: int                 # position in the sentence
    text: str
    start: int             # character offsets into the document
    end: int
    upos: str
    feats: dict
    head: int              # position of the head, -1 for the root
    rel: str
    children: list[int] = field(default_factory=list)
    # the dictionary form is looked up when first asked for: most words' never are
    lemmatize: Callable[[str, str, tuple], str] | None = field(default=None, repr=False, compare=False)
    known_lemma: str | None = field(default=None, repr=False, compare=False)

    @property
    def lemma(self) -> str:
        if self.known_lemma is None:
            self.known_lemma = self.lemmatize(self.text, self.upos, tuple(sorted(self.feats.items())))
        return self.known_lemma


def link(nodes: list[Node]) -> list[Node]:
    """Children lists; a head out of range, or one that closes a cycle (parsers' greedy decoders
    can give them), makes its node a root."""
    _reattach_numerals(nodes)
    for node in nodes:
        if not 0 <= node.head < len(nodes) or _in_cycle(nodes, node):
            node.head = -1
    for node in nodes:
        if node.head >= 0:
            nodes[node.head].children.append(node.i)
    return nodes


NUMERAL_REACH = 3    # a numeral's head this far or farther is suspect when a noun follows it


def _reattach_numerals(nodes: list[Node]) -> None:
    """A numeral counts the noun right after it. In a long list of repeated words ("2920 штук
    патронов ..., 66 штук пустых магазинов") the parser hangs numerals and adjectives on a
    like word elsewhere; a numeral whose head is far while a noun follows it is moved onto that
    noun, and so are the adjectives between them."""
    for node in nodes:
        if node.upos != "NUM" or not node.rel.startswith("nummod") or abs(node.head - node.i) < NUMERAL_REACH:
            continue
        noun = node.i + 1
        while noun < len(nodes) and nodes[noun].upos == "ADJ":
            noun += 1
        if noun < len(nodes) and nodes[noun].upos == "NOUN":
            for between in nodes[node.i:noun]:
                between.head = noun


def _in_cycle(nodes: list[Node], node: Node) -> bool:
    seen, current = {node.i}, node.head
    while 0 <= current < len(nodes):
        if current in seen:
            return True
        seen.add(current)
        current = nodes[current].head
    return False


@lru_cache(maxsize=1)
def _ru_models():
    from natasha import NewsSyntaxParser

    from pipeline.ner_natasha import embedding, models

    _, morph_vocab, morph_tagger, _ = models(fast_decode=True)
    return morph_vocab, morph_tagger, NewsSyntaxParser(embedding())


def join_hyphenated(tokens: list[dict]) -> list[dict]:
    """"хот", "-", "дог" written without spaces is one word to a parser trained on whole words."""
    out: list[dict] = []
    for tok in tokens:
        if out and (tok["text"] == "-" or out[-1]["text"].endswith("-")) and tok["start"] == out[-1]["end"] \
                and (tok["text"] != "-" or out[-1]["text"][-1:].isalpha()):
            out[-1] = {**out[-1], "text": out[-1]["text"] + tok["text"], "end": tok["end"]}
        else:
            out.append(tok)
    return out


def parse_ru(sentences: list[list[dict]]) -> list[list[Node]]:
    """`sentences`: each a list of tokens {text, start, end}; one tree per sentence."""
    if not sentences:
        return []
    _, morph_tagger, parser = _ru_models()
    sentences = [_rejoin_dangling(join_hyphenated(tokens)) for tokens in sentences]
    words = [[t["text"] for t in tokens] for tokens in sentences]
    trees = []
    for tokens, morph, syntax in zip(sentences, morph_tagger.map(words), parser.map(words)):
        nodes = []
        for i, (tok, m, s) in enumerate(zip(tokens, morph.tokens, syntax.tokens)):
            nodes.append(Node(i, tok["text"], tok["start"], tok["end"], m.pos, dict(m.feats),
                              int(s.head_id) - 1, s.rel, lemmatize=_ru_lemma))
        trees.append(link(nodes))
    return trees


def _rejoin_dangling(tokens: list[dict]) -> list[dict]:
    """A word left ending in "-" (a hyphen with nothing glued after it) is split back."""
    out = []
    for tok in tokens:
        if len(tok["text"]) > 1 and tok["text"].endswith("-"):
            out += [{**tok, "text": tok["text"][:-1], "end": tok["end"] - 1},
                    {**tok, "text": "-", "start": tok["end"] - 1}]
        else:
            out.append(tok)
    return out


@lru_cache(maxsize=200_000)
def _ru_lemma(word: str, pos: str, feats: tuple) -> str:
    """Dictionary form; a participle standing for a noun keeps its adjective form
    ("пострадавших" -> "пострадавший", not "пострадать"). Cached: news repeats its words, and
    pymorphy's lookup took as long as the parse."""
    if pos not in LEMMA_POS:
        return word.lower()
    morph_vocab = _ru_models()[0]
    feats = dict(feats)
    lemma = morph_vocab.lemmatize(word, pos, feats).lower().replace("ё", "е")
    participle = feats.get("VerbForm") == "Part" or (pos != "VERB" and lemma.endswith(INFINITIVE))
    if participle and feats.get("Variant") != "Short":
        parsed = next((p for p in morph_vocab.parse(word) if p.feats.get("VerbForm") == "Part"), None)
        form = parsed.inflect({"Nom", "Sing", "Masc"}) if parsed else None
        if form:
            return form.word.replace("ё", "е")
    return lemma


INFINITIVE = ("ть", "ться", "чь", "ти")
LEMMA_POS = {"NOUN", "PROPN", "ADJ", "VERB", "AUX", "PRON", "DET", "NUM"}
