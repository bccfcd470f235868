"""natasha's models, loaded once per process, and tagging of one stretch of Russian text."""
from __future__ import annotations

from functools import lru_cache

LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}


@lru_cache(maxsize=1)
def models():
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    emb = NewsEmbedding()
    return Segmenter(), MorphVocab(), NewsMorphTagger(emb), NewsNERTagger(emb)


def tag_text(text: str, offset: int = 0) -> list[dict]:
    """Entities with normal forms, as natasha's documentation runs it (segment, morph, NER)."""
    from natasha import Doc

    segmenter, morph_vocab, morph_tagger, ner_tagger = models()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_morph(morph_tagger)
    doc.tag_ner(ner_tagger)
    found = []
    for span in doc.spans:
        span.normalize(morph_vocab)
        found.append({"start": offset + span.start, "end": offset + span.stop,
                      "text": span.text, "label": LABELS.get(span.type, span.type),
                      "normal": span.normal or span.text})
    return found
