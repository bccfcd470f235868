"""Paragraphs and sentences with offsets into the document text.

Every non-blank line is a paragraph: headlines, bylines and lone number lines ("0", "516")
never merge into the next sentence. Inside a line, razdel splits sentences; a split right
after a Kazakh abbreviation ("т.б.", "ж.") is undone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from razdel import sentenize

KK_ABBREVIATIONS = ("т.б.", "т.с.с.", "т.с.", "ж.", "жж.", "ғ.", "ғғ.", "б.з.б.", "б.з.", "м.", "обл.",
                    "қ.", "көш.", "млн.", "млрд.", "мыс.", "тг.")
LINE = re.compile(r"[^\n]+")
MAX_SENTENCE = 5000   # characters; longer runs without punctuation are cut at whitespace


@dataclass(frozen=True)
class Segment:
    para_id: int
    start: int
    end: int


def _ends_with_abbreviation(text: str) -> bool:
    lowered = text.lower()
    return any(lowered.endswith(" " + abbr) or lowered == abbr for abbr in KK_ABBREVIATIONS)


def _cut_long(start: int, end: int, text: str):
    """Very long sentences (a 2 MB line with no full stop) are cut at whitespace."""
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end


def split_sentences(text: str) -> list[Segment]:
    segments: list[Segment] = []
    para_id = 0
    for line in LINE.finditer(text):
        if not line.group().strip():
            continue
        pieces: list[list[int]] = []
        for sent in sentenize(line.group()):
            start, end = line.start() + sent.start, line.start() + sent.stop
            if pieces and _ends_with_abbreviation(text[pieces[-1][0]:pieces[-1][1]]):
                pieces[-1][1] = end
            else:
                pieces.append([start, end])
        for start, end in pieces:
            for a, b in _cut_long(start, end, text):
                segments.append(Segment(para_id, a, b))
        para_id += 1
    return segments
