"""Reading KazNERD's CoNLL files: shared by the trainer and the evaluation."""
from __future__ import annotations

from pathlib import Path

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
