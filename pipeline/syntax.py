"""Dependency trees of the sentences that hold a claim, as plain nodes both languages share.

Russian trees come from natasha's own parser and morphology (slovnet, trained on SynTagRus,
shipped in natasha's wheel); Kazakh trees from sanaq's stanza models (pipeline.kk_syntax). The
claims stage reads objects and speakers off these trees (pipeline.frames)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache


@dataclass
class Node:
    i: int                 # position in the sentence
    text: str
    start: int             # character offsets into the document
    end: int
    lemma: str
    upos: str
    feats: dict
    head: int              # position of the head, -1 for the root
    rel: str
    children: list[int] = field(default_factory=list)


def link(nodes: list[Node]) -> list[Node]:
    """Children lists; a head out of range, or one that closes a cycle (parsers' greedy decoders
    can give them), makes its node a root."""
    for node in nodes:
        if not 0 <= node.head < len(nodes) or _in_cycle(nodes, node):
            node.head = -1
    for node in nodes:
        if node.head >= 0:
            nodes[node.head].children.append(node.i)
    return nodes


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
    from natasha import NewsEmbedding, NewsSyntaxParser

    from pipeline.ner_natasha import models

    _, morph_vocab, morph_tagger, _ = models(fast_decode=True)
    return morph_vocab, morph_tagger, NewsSyntaxParser(NewsEmbedding())


def parse_ru(sentences: list[list[dict]]) -> list[list[Node]]:
    """`sentences`: each a list of tokens {text, start, end}; one tree per sentence."""
    if not sentences:
        return []
    morph_vocab, morph_tagger, parser = _ru_models()
    words = [[t["text"] for t in tokens] for tokens in sentences]
    trees = []
    for tokens, morph, syntax in zip(sentences, morph_tagger.map(words), parser.map(words)):
        nodes = []
        for i, (tok, m, s) in enumerate(zip(tokens, morph.tokens, syntax.tokens)):
            lemma = morph_vocab.lemmatize(tok["text"], m.pos, m.feats) if m.pos in LEMMA_POS else tok["text"]
            nodes.append(Node(i, tok["text"], tok["start"], tok["end"], lemma.lower().replace("ё", "е"),
                              m.pos, dict(m.feats), int(s.head_id) - 1, s.rel))
        trees.append(link(nodes))
    return trees


LEMMA_POS = {"NOUN", "PROPN", "ADJ", "VERB", "AUX", "PRON", "DET", "NUM"}
