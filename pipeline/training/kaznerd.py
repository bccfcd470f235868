"""Reading KazNERD's CoNLL files: shared by the trainer and the evaluation."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

Sentence = list[tuple[str, str]]  # (token, IOB2 tag)


def read_conll(path: Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    current: Sentence = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                if current:
                    sentences.append(current)
                    current = []
                continue
            token, tag = line.rsplit(" ", 1) if " " in line else line.rsplit("\t", 1)
            current.append((token, tag))
    if current:
        sentences.append(current)
    return sentences


def iob_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token spans (start, end-exclusive, label) of an IOB2 sequence; stray I- starts a span."""
    spans = []
    start, label = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        boundary = tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != label)
        if boundary and start is not None:
            spans.append((start, i, label))
            start, label = None, None
        if tag != "O" and start is None:
            start, label = i, tag[2:]
    return spans


SENTENCES_PER_DOC = 40


def spaced(tokens: list[str]) -> tuple[str, list[int]]:
    """Tokens joined by single spaces, and each token's start."""
    starts, pos = [], 0
    for token in tokens:
        starts.append(pos)
        pos += len(token) + 1
    return " ".join(tokens), starts


def as_documents(sentences: list[Sentence], prefix: str,
                 join: Callable[[list[str]], tuple[str, list[int]]] = spaced):
    """Documents of SENTENCES_PER_DOC sentences, one per line, and the gold entity spans
    (doc_id, start, end, KazNERD label) as character offsets into them."""
    docs, spans = {}, []
    for first in range(0, len(sentences), SENTENCES_PER_DOC):
        doc_id = f"{prefix}_{first // SENTENCES_PER_DOC:04d}"
        lines, offset = [], 0
        for sent in sentences[first:first + SENTENCES_PER_DOC]:
            tokens = [token for token, _ in sent]
            line, starts = join(tokens)
            for a, b, label in iob_spans([tag for _, tag in sent]):
                spans.append((doc_id, offset + starts[a], offset + starts[b - 1] + len(tokens[b - 1]), label))
            lines.append(line)
            offset += len(line) + 1
        docs[doc_id] = "\n".join(lines) + "\n"
    return docs, spans
