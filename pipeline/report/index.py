"""The index page: a summary in HTML, and the groups, claims and documents as one compact JSON
blob (a list per column, repeated strings as codes into sorted dictionaries) that the inline
script pages, sorts and filters by source, language, date and text."""
from __future__ import annotations

import json
from collections import Counter

from pipeline.report.assets import SCRIPT, STYLE
from pipeline.report.data import RunTables
from pipeline.report.format import date_time, esc, number

PAGE_ROWS = 100
LIST_SHOWN = 3          # a group's objects and subjects as written: the first few, then a count
CODED = {"source", "lang", "qualifier", "unit", "status"}


def _listed(values: list) -> str:
    more = f" … (+{len(values) - LIST_SHOWN})" if len(values) > LIST_SHOWN else ""
    return "; ".join(values[:LIST_SHOWN]) + more


def _plain(value: float) -> int | float:
    return int(value) if value == int(value) else value


def _encode(columns: dict[str, dict[str, list]]) -> tuple[dict, dict]:
    """Columns whose name is in CODED become codes into a sorted dictionary per name."""
    dictionary = {kind: sorted({v for table in columns.values() for v in table.get(kind, []) if v is not None})
                  for kind in sorted(CODED)}
    codes = {kind: {value: k for k, value in enumerate(values)} for kind, values in dictionary.items()}
    coded = {table_name: {name: [None if v is None else codes[name][v] for v in values] if name in CODED else values
                          for name, values in table.items()}
             for table_name, table in columns.items()}
    return dictionary, coded


def data_blob(run: RunTables, page_rows: int = PAGE_ROWS) -> str:
    docs, claims, groups = run.documents, run.claims, run.groups
    doc_index = {d["doc_id"]: i for i, d in enumerate(docs)}
    group_index = {g["group_id"]: i for i, g in enumerate(groups)}
    per_doc = Counter(c["doc_id"] for c in claims)
    columns = {
        "docs": {"id": [d["doc_id"] for d in docs], "title": [d.get("title") for d in docs],
                 "source": [d.get("source") for d in docs],
                 "published": [date_time(d.get("published")) for d in docs],
                 "lang": [run.doc_langs.get(d["doc_id"]) for d in docs],
                 "status": [d["status"] for d in docs], "chars": [d["n_chars"] for d in docs],
                 "claims": [per_doc[d["doc_id"]] for d in docs]},
        "claims": {"doc": [doc_index[c["doc_id"]] for c in claims], "id": [c["claim_id"] for c in claims],
                   "text": [c["text"] for c in claims], "value": [_plain(c["value"]) for c in claims],
                   "qualifier": [c["qualifier"] for c in claims], "unit": [c["unit"] for c in claims],
                   "object": [c["object"] for c in claims], "subject": [c["subject"] for c in claims],
                   "group": [group_index[c["group_id"]] for c in claims], "lang": [c["lang"] for c in claims],
                   "source": [c["source"] for c in claims],
                   "published": [date_time(c["published"]) for c in claims]},
        "groups": {"value": [_plain(g["value"]) for g in groups], "unit": [g["unit"] for g in groups],
                   "qualifier": [g["qualifier"] for g in groups], "key": [g["object_key"] for g in groups],
                   "objects": [_listed(g["objects"]) for g in groups], "docs": [g["n_docs"] for g in groups],
                   "claims": [g["n_claims"] for g in groups], "langs": [", ".join(g["langs"]) for g in groups],
                   "subjects": [_listed(g["subjects"]) for g in groups],
                   "conflict": [int(g["conflict"]) for g in groups],
                   "also": [", ".join(number(v) for v in g["conflict_values"]) for g in groups],
                   "first": [date_time(g["first_published"]) for g in groups],
                   "last": [date_time(g["last_published"]) for g in groups]},
    }
    dictionary, coded = _encode(columns)
    blob = {"pageRows": page_rows, "dict": dictionary, **coded}
    text = json.dumps(blob, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/")           # never closes its <script> element


def _counts(counter: Counter) -> str:
    return ", ".join(f"{esc(key)}: {n}" for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))))


def _summary(run: RunTables) -> str:
    docs = run.documents
    cards = "".join(f"<div class=card><b>{n}</b> {label}</div>" for label, n in [
        ("documents", len(docs)), ("entities", run.n_entities), ("claims", len(run.claims)),
        ("claim groups", len(run.groups)), ("conflicts", sum(g["conflict"] for g in run.groups))])
    dated = sorted(d["published"] for d in docs if d.get("published") is not None)
    span = f" Published {date_time(dated[0])} to {date_time(dated[-1])} UTC ({len(dated)} dated)." if dated else ""
    return (f"<div class=cards>{cards}</div><p>Documents by language: "
            f"{_counts(Counter(run.doc_langs.get(d['doc_id'], '—') for d in docs))}. By status: "
            f"{_counts(Counter(d['status'] for d in docs))}.{span}</p>"
            f"<p>By source: {_counts(Counter(d.get('source') or '(none)' for d in docs))}.</p>")


def _conflicts(run: RunTables) -> str:
    """Each conflict once, with its evidence: both sentences side by side, each linked to its
    document at the claim, the names both reports share, their dates."""
    doc_index = {d["doc_id"]: i for i, d in enumerate(run.documents)}
    seen, rows = set(), []
    for group in run.groups:
        for c in group.get("conflicts") or []:
            pair = tuple(sorted((c["claim_id"], c["other_claim_id"])))
            if pair in seen:
                continue
            seen.add(pair)
            sides = "".join(
                f"<td><a href='docs/{doc_index[c[p + 'doc_id']]}.html#c-{c[p + 'claim_id']}'>"
                f"<b>{number(c[p + 'value'])}</b> · {esc(c[p + 'doc_id'])}</a> "
                f"{date_time(c[p + 'published']) if c[p + 'published'] else ''}"
                f"<br>{esc(c[p + 'sentence'])}</td>" for p in ("", "other_"))
            rows.append(f"<tr><td>{esc(group['object_key'] or '')}</td>{sides}"
                        f"<td>{esc(', '.join(c['shared_entities']))}</td></tr>")
    if not rows:
        return "<h2 id=conflicts>Conflicts</h2><p class=muted>None: no two reports of one event disagree.</p>"
    return ("<h2 id=conflicts>Conflicts</h2><p class=muted>Two reports of one event that give the same thing "
            "different totals; each figure opens its document at its sentence.</p><table><thead><tr><th>thing</th>"
            "<th>one report</th><th>the other</th><th>names both share</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _options(values: list[str], empty: str) -> str:
    return f"<option value=''>{empty}</option>" + "".join(f"<option>{esc(v)}</option>" for v in values)


def index_page(run: RunTables, page_rows: int = PAGE_ROWS) -> str:
    sources = sorted({c["source"] for c in run.claims if c["source"]} |
                     {d["source"] for d in run.documents if d.get("source")})
    langs = sorted({c["lang"] for c in run.claims} | set(run.doc_langs.values()))
    filters = (f"<div class=filters><select id=f-source>{_options(sources, 'every source')}</select>"
               f"<select id=f-lang>{_options(langs, 'every language')}</select>"
               "<label>from <input type=date id=f-from></label><label>to <input type=date id=f-to></label>"
               "<input type=search id=f-q placeholder='search claims, objects, speakers, documents…'>"
               "<label><input type=checkbox id=f-conflict> conflicts only</label>"
               "<span id=f-group></span><a href='#'>clear</a></div>")

    def section(anchor: str, title: str, about: str) -> str:
        return (f"<h2 id={anchor}-h>{title}</h2><p class=muted>{about}</p><div class=pager id={anchor}-pager>"
                f"</div><table id={anchor}><thead></thead><tbody></tbody></table>")

    return (f"<!doctype html><html lang=ru><head><meta charset=utf-8><title>sanaq report</title>"
            f"<style>{STYLE}</style></head><body><header><b>sanaq</b> report · "
            f"<a href='#' data-to=summary>summary</a><a href='#' data-to=groups-h>claim groups</a>"
            f"<a href='#' data-to=claims-h>claims</a><a href='#' data-to=docs-h>documents</a>"
            f"</header><main><h2 id=summary>Summary</h2>{_summary(run)}{_conflicts(run)}{filters}"
            + section("groups", "Claim groups", "The same figure about the same thing across documents; "
                      "conflicts (another value for the same thing in linked reports) are marked. "
                      "With a filter, the groups that have a claim it keeps.")
            + section("claims", "Claims", "Each opens its document at the claim's sentence.")
            + section("docs", "Documents", "Every document read, analysed or not, with why not.")
            + f"</main><script type=application/json id=data>{data_blob(run, page_rows)}</script>"
            f"<script>{SCRIPT}</script></body></html>")
