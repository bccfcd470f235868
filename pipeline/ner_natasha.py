"""natasha's models, loaded once per process, and tagging of one stretch of Russian text."""
from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}


@lru_cache(maxsize=1)
def embedding():
    """natasha's word vectors (navec, 0.4 s to load), shared by its NER, morphology and syntax."""
    from natasha import NewsEmbedding

    return NewsEmbedding()


@lru_cache(maxsize=2)
def models(fast_decode: bool = False):
    """natasha's models as it ships them, or with the NER tagger's Viterbi decode for one text
    at a time (same arithmetic, same tags: slovnet's decode is written for padded batches and
    spends a quarter of NER's time on per-step bookkeeping)."""
    from natasha import MorphVocab, NewsMorphTagger, NewsNERTagger, Segmenter

    emb = embedding()
    ner = NewsNERTagger(emb)
    if fast_decode:
        crf = ner.infer.model.head.crf
        crf.__class__ = type("OneTextCRF", (type(crf),), {"decode": _decode})
    return Segmenter(), MorphVocab(), NewsMorphTagger(emb), ner


def _decode(crf, emissions, mask):
    """slovnet's CRF.decode for a batch of one unpadded sequence (what natasha's NER passes)."""
    import numpy as np

    if emissions.shape[0] != 1 or not mask.all():
        return super(type(crf), crf).decode(emissions, mask)
    transitions, emissions = crf.transitions.array, emissions[0]
    score, history, columns = emissions[0], [], np.arange(emissions.shape[1])
    for row in emissions[1:]:
        step = score[:, None] + transitions + row[None, :]
        best = step.argmax(0)
        score = step[best, columns]
        history.append(best)
    tags = [score.argmax()]
    for best in reversed(history):
        tags.append(best[tags[-1]])
    return [np.array(tags[::-1])]


def tag_text(text: str, offset: int = 0) -> list[dict]:
    """Entities with normal forms: natasha's segment, NER and morphology, as its documentation
    runs them, except that morphology tags only the entities' tokens, from the stretch of their
    sentence its CNN sees (normal forms read those tags alone), and NER takes the segmenter's
    words and decodes with the one-text Viterbi (see models).
    The entities and normal forms come out the same: all 26,324 of Collection5's are identical;
    tests/test_ner_ru.py checks it."""
    from natasha import Doc

    segmenter, morph_vocab, morph_tagger, ner_tagger = models(fast_decode=True)
    doc = Doc(text)
    doc.segment(segmenter)
    _tag_ner(doc, ner_tagger)
    windows = _entity_windows(doc)
    tagged = morph_tagger.map([[token.text for token in tokens] for tokens, _ in windows])
    for (tokens, inside), markup in zip(windows, tagged):
        for token, tags, needed in zip(tokens, markup.tokens, inside):
            if needed:
                token.pos, token.feats = tags.pos, tags.feats
    return _entities(doc, morph_vocab, offset)


def _tag_ner(doc, ner_tagger) -> None:
    """doc.tag_ner(ner_tagger) on the words the segmenter found: slovnet's NER would cut the
    text into the same razdel tokens a second time (5% of tagging)."""
    from natasha.doc import adapt_spans
    from slovnet.markup import BIOMarkup

    if not doc.text.strip():
        doc.spans = []
        return
    words = [token.text for token in doc.tokens]
    infer = ner_tagger.infer
    tags = next(infer.decoder(infer.process(infer.encoder([words]))))
    doc.spans = list(adapt_spans(doc, BIOMarkup.from_tuples(zip(words, tags)).to_span(doc.text).spans))
    doc.envelop_span_tokens()
    doc.envelop_sent_spans()


MORPH_REACH = 3    # natasha's morphology CNN: three convolutions of width 3 see 3 tokens each way


def _entity_windows(doc) -> list[tuple[list, list[bool]]]:
    """Stretches of each sentence around its entities' tokens, MORPH_REACH tokens each way (or
    to the sentence's end): the morphology CNN tags an entity token from those tokens alone, so
    its tags are the whole sentence's. With each stretch, which of its tokens are an entity's.
    A span may cross a sentence end (natasha then files it under no sentence): its tokens on
    both sides count."""
    starts = [span.start for span in doc.spans]
    windows = []
    for sent in doc.sents:
        inside = []
        for token in sent.tokens:
            before = bisect_left(starts, token.stop)      # the last span starting before its end
            inside.append(bool(before) and doc.spans[before - 1].stop > token.start)
        stretches: list[list[int]] = []
        for i in (i for i, flag in enumerate(inside) if flag):
            first, last = max(0, i - MORPH_REACH), min(len(inside), i + MORPH_REACH + 1)
            if stretches and first <= stretches[-1][1]:
                stretches[-1][1] = last
            else:
                stretches.append([first, last])
        windows += [(sent.tokens[a:b], inside[a:b]) for a, b in stretches]
    return windows


def as_documented(text: str) -> list[dict]:
    """natasha exactly as its documentation runs it (segment, morphology of every sentence, NER,
    normal forms): the bare baseline that the bench and the evaluation set tag_text against."""
    from natasha import Doc

    segmenter, morph_vocab, morph_tagger, ner_tagger = models()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_morph(morph_tagger)
    doc.tag_ner(ner_tagger)
    for span in doc.spans:
        span.normalize(morph_vocab)
    return [_row(span, 0, span.normal or span.text) for span in doc.spans]


NORMALS_KEPT = 100_000
_normals: dict[tuple, str] = {}


def _entities(doc, morph_vocab, offset: int) -> list[dict]:
    """natasha's span normalisation reads the span's type and its tokens' text, tags and spacing
    alone, and news repeat their names: each distinct span is inflected once per process."""
    found = []
    for span in doc.spans:
        key = (span.type, tuple((t.text, t.pos, tuple(sorted(t.feats.items())), t.start - span.start)
                                for t in span.tokens))
        if key not in _normals:
            if len(_normals) >= NORMALS_KEPT:
                _normals.clear()
            span.normalize(morph_vocab)
            _normals[key] = span.normal or span.text
        found.append(_row(span, offset, _normals[key]))
    return found


def _row(span, offset: int, normal: str) -> dict:
    return {"start": offset + span.start, "end": offset + span.stop, "text": span.text,
            "label": LABELS.get(span.type, span.type), "normal": normal}
