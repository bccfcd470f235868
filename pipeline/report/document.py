"""One document's page: its metadata, its text with claims and entities marked, its claims.

Each sentence is a <span id="s-N"> and each claim a <mark id="c-CLAIM_ID">, so that a link
`docs/7.html#c-ff8b171c1cbc8e40` opens the document at the claim, its sentence highlighted.
The marks are classes and a data attribute styled once (displaCy wrote a style per entity,
several times the text's own size on a large run)."""
from __future__ import annotations

import html
from bisect import bisect_right

from pipeline.report.assets import DOCUMENT_STYLE
from pipeline.report.format import date_time, esc, number


def _marks(text_length: int, claims: list[dict], entities: list[tuple],
           sentences: list[tuple]) -> list[tuple]:
    """(start, end, label, claim_id) not overlapping one another: a claim wins over an entity
    it overlaps (a Kazakh CARDINAL), and an entity across a sentence boundary is left out."""
    marks = [(c["start"], c["end"], "CLAIM", c["claim_id"]) for c in claims]
    taken = [(c["start"], c["end"]) for c in claims]
    bounds = sorted((start, end) for _, start, end in sentences)
    starts = [start for start, _ in bounds]
    for start, end, label in sorted(entities, key=lambda e: (e[0], -e[1])):
        at = bisect_right(starts, start) - 1
        inside = not bounds or (at >= 0 and end <= bounds[at][1])
        if inside and end <= text_length and all(end <= a or start >= b for a, b in taken):
            marks.append((start, end, label, None))
            taken.append((start, end))
    return sorted(marks)


def _text_html(text: str, claims: list[dict], entities: list[tuple], sentences: list[tuple]) -> str:
    marks = _marks(len(text), claims, entities, sentences)
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for sent_id, start, end in sentences:
        opens.setdefault(start, []).append(f"<span class=s id=s-{sent_id}>")
        closes.setdefault(end, []).append("</span>")
    for start, end, label, claim_id in marks:
        opens.setdefault(start, []).append(f"<mark class=claim id=c-{claim_id}>" if claim_id
                                           else f"<mark data-l={esc(label)}>")
        closes.setdefault(end, []).insert(0, "</mark>")     # a mark closes before its sentence
    cuts = sorted(set(opens) | set(closes) | {0, len(text)})
    out = []
    for a, b in zip(cuts, cuts[1:] + [None]):
        out.extend(closes.get(a, []))
        out.extend(opens.get(a, []))
        if b is not None:
            out.append(html.escape(text[a:b], quote=False))
    return "".join(out)


def _claim_item(claim: dict, group_index: dict[str, int]) -> str:
    parts = [f"<a href='#c-{claim['claim_id']}'><b>{esc(claim['text'])}</b></a> = {number(claim['value'])}",
             esc(claim["unit"] or ""), f"<span class=badge>{esc(claim['qualifier'])}</span>",
             esc(claim["object"] or "")]
    if claim["subject"]:
        parts.append("— " + esc(claim["subject"]))
    parts.append(f"<a href='../index.html#g={group_index[claim['group_id']]}'>group</a>")
    return "<li>" + " ".join(part for part in parts if part) + "</li>"


def document_page(doc: dict, claims: list[dict], entities: list[tuple], sentences: list[tuple],
                  group_index: dict[str, int]) -> str:
    facts = [esc(doc["status"]), esc(doc["encoding"]), f"{doc['n_chars']} characters"]
    if doc.get("source"):
        facts.append(esc(doc["source"]))
    if doc.get("published"):
        facts.append(date_time(doc["published"]) + " UTC")
    if doc.get("url"):
        facts.append(f"<a href='{esc(doc['url'])}' rel=noreferrer>{esc(doc['url'])}</a>")
    if doc["error"]:
        facts.append(esc(doc["error"]))
    body = (f"<div class=text>{_text_html(doc['text'], claims, entities, sentences)}</div>"
            if doc["text"] else "<p>(no text)</p>")
    items = "".join(_claim_item(c, group_index) for c in claims)
    return (f"<!doctype html><html lang=ru><head><meta charset=utf-8><title>{esc(doc['doc_id'])} · sanaq"
            f"</title><style>{DOCUMENT_STYLE}</style></head><body><header><b>sanaq</b> report · "
            f"<a href='../index.html'>index</a></header><main><h2>{esc(doc['doc_id'])}</h2>"
            f"{'<h3>' + esc(doc['title']) + '</h3>' if doc.get('title') else ''}"
            f"<p>{' · '.join(facts)}</p>{body}<h3>Claims ({len(claims)})</h3><ol>{items}</ol>"
            f"</main></body></html>")
