"""A self-contained HTML report of a run: summary, claim groups, claims, and one page per document.

One file, no network: styles and the small search/sort script are inline, and each document
"page" is a section shown when its address (#doc-N) is the target. displaCy renders the text
with entities and claims highlighted.
"""
from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
from spacy import displacy

from pipeline.errors import UsageError

NEEDED = ["documents", "segments", "entities_ru", "entities_kk", "claims", "claim_groups"]
COLORS = {"CLAIM": "#ffd54f", "PER": "#90caf9", "ORG": "#a5d6a7", "LOC": "#ce93d8"}

STYLE = """
body{font-family:system-ui,sans-serif;margin:0;color:#222}
header{background:#263238;color:#fff;padding:12px 24px}header a{color:#fff;margin-right:16px}
main{padding:16px 24px}table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{cursor:pointer;background:#eceff1;position:sticky;top:0}
.conflict{background:#ffebee}.badge{border-radius:4px;padding:0 6px;background:#eee}
.num{text-align:right;font-variant-numeric:tabular-nums}
section.doc{display:none}section.doc:target{display:block}
section.doc:target~#overview{display:none}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#f5f5f5;padding:8px 16px;border-radius:6px}
input#filter{width:40%;padding:6px;margin:8px 0}
"""

SCRIPT = """
document.getElementById('filter').addEventListener('input', function (e) {
  var q = e.target.value.toLowerCase();
  document.querySelectorAll('#claims tbody tr').forEach(function (tr) {
    tr.style.display = tr.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none';
  });
});
document.querySelectorAll('table.sortable th').forEach(function (th, i) {
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0];
    var rows = Array.from(body.rows), asc = th.dataset.asc !== '1';
    rows.sort(function (a, b) {
      var x = a.cells[i].dataset.v || a.cells[i].textContent, y = b.cells[i].dataset.v || b.cells[i].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return asc ? c : -c;
    });
    th.dataset.asc = asc ? '1' : '0';
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
"""


def _e(value) -> str:
    return "" if value is None else html.escape(str(value))


def _value(v: float) -> str:
    return f"{v:,.0f}".replace(",", " ") if v == int(v) else f"{v:,.2f}".replace(",", " ")


def load(output_dir: Path) -> dict[str, list[dict]]:
    data = {}
    for key in NEEDED:
        path = output_dir / f"{key}.parquet"
        if not path.exists():
            raise UsageError(f"{path} is missing: run `sanaq run` before `sanaq report`")
        data[key] = pq.read_table(path).to_pylist()
    return data


def _doc_html(doc: dict, entities: list[dict], claims: list[dict], group_anchor: dict) -> str:
    """displaCy 'ent' rendering; a claim wins over an entity it overlaps (a Kazakh CARDINAL)."""
    spans = [{"start": c["start"], "end": c["end"], "label": "CLAIM"} for c in claims]
    taken = [(c["start"], c["end"]) for c in claims]
    for e in sorted(entities, key=lambda e: (e["start"], -e["end"])):
        if all(e["end"] <= a or e["start"] >= b for a, b in taken):
            spans.append({"start": e["start"], "end": e["end"], "label": e["label"]})
            taken.append((e["start"], e["end"]))
    spans.sort(key=lambda s: s["start"])
    rendered = displacy.render({"text": doc["text"], "ents": spans, "title": None}, style="ent",
                               manual=True, options={"colors": COLORS})
    items = "".join(
        f"<li><b>{_e(c['text'])}</b> = {_value(c['value'])} {_e(c['unit'] or '')} "
        f"<span class=badge>{_e(c['qualifier'])}</span> {_e(c['object'] or '')}"
        f"{' — ' + _e(c['subject']) if c['subject'] else ''} "
        f"<a href='#{group_anchor[c['group_id']]}'>group</a></li>"
        for c in claims)
    return f"{rendered}<h3>Claims ({len(claims)})</h3><ol class=claims>{items}</ol>"


def render(output_dir: Path) -> str:
    data = load(output_dir)
    docs = data["documents"]
    doc_index = {d["doc_id"]: i for i, d in enumerate(docs)}
    entities = data["entities_ru"] + data["entities_kk"]
    claims, groups = data["claims"], data["claim_groups"]
    group_anchor = {g["group_id"]: f"group-{g['group_id']}" for g in groups}
    doc_langs = {}
    for seg in data["segments"]:
        doc_langs.setdefault(seg["doc_id"], Counter())[seg["lang"]] += seg["end"] - seg["start"]
    by_lang = Counter(doc_langs[d["doc_id"]].most_common(1)[0][0] if d["doc_id"] in doc_langs else "—"
                      for d in docs)
    by_status = Counter(d["status"] for d in docs)

    def doc_link(doc_id: str) -> str:
        return f"<a href='#doc-{doc_index[doc_id]}'>{_e(doc_id)}</a>"

    cards = "".join(f"<div class=card><b>{n}</b> {label}</div>" for label, n in [
        ("documents", len(docs)), ("entities", len(entities)), ("claims", len(claims)),
        ("claim groups", len(groups)), ("conflicts", sum(g["conflict"] for g in groups))])
    langs = ", ".join(f"{lang}: {n}" for lang, n in sorted(by_lang.items()))
    statuses = ", ".join(f"{s}: {n}" for s, n in sorted(by_status.items()))
    group_rows = "".join(
        f"<tr id='{group_anchor[g['group_id']]}' class='{'conflict' if g['conflict'] else ''}'>"
        f"<td class=num data-v='{g['value']}'>{_value(g['value'])}</td><td>{_e(g['unit'] or '')}</td>"
        f"<td>{_e(g['qualifier'])}</td><td>{_e(g['object_key'] or '')}</td>"
        f"<td>{_e('; '.join(g['objects']))}</td><td class=num>{g['n_docs']}</td>"
        f"<td class=num>{g['n_claims']}</td><td>{_e(', '.join(g['langs']))}</td>"
        f"<td>{', '.join(doc_link(d) for d in g['doc_ids'])}</td><td>{_e('; '.join(g['subjects']))}</td>"
        f"<td>{'⚠ also ' + _e(', '.join(_value(v) for v in g['conflict_values'])) if g['conflict'] else ''}</td></tr>"
        for g in groups)
    claim_rows = "".join(
        f"<tr><td>{doc_link(c['doc_id'])}</td><td>{_e(c['lang'])}</td><td>{_e(c['text'])}</td>"
        f"<td class=num data-v='{c['value']}'>{_value(c['value'])}</td><td>{_e(c['qualifier'])}</td>"
        f"<td>{_e(c['unit'] or '')}</td><td>{_e(c['object'] or '')}</td><td>{_e(c['subject'] or '')}</td>"
        f"<td><a href='#{group_anchor[c['group_id']]}'>group</a></td></tr>"
        for c in claims)
    ents_by_doc: dict[str, list] = {}
    for e in entities:
        ents_by_doc.setdefault(e["doc_id"], []).append(e)
    claims_by_doc: dict[str, list] = {}
    for c in claims:
        claims_by_doc.setdefault(c["doc_id"], []).append(c)
    pages = "".join(
        f"<section class=doc id='doc-{i}'><p><a href='#overview'>← overview</a></p>"
        f"<h2>{_e(d['doc_id'])}</h2><p>{_e(d['status'])} · {_e(d['encoding'])} · {d['n_chars']} characters"
        f"{' · ' + _e(d['error']) if d['error'] else ''}</p>"
        + (_doc_html(d, ents_by_doc.get(d["doc_id"], []), claims_by_doc.get(d["doc_id"], []), group_anchor)
           if d["text"] else "<p>(no text)</p>") + "</section>"
        for i, d in enumerate(docs))
    header = "<tr>" + "".join(f"<th>{h}</th>" for h in [
        "value", "unit", "qualifier", "object key", "as written", "docs", "claims", "langs",
        "documents", "subjects", "conflict"]) + "</tr>"
    claim_header = "<tr>" + "".join(f"<th>{h}</th>" for h in [
        "document", "lang", "text", "value", "qualifier", "unit", "object", "subject", "group"]) + "</tr>"
    return f"""<!doctype html><html lang=ru><head><meta charset=utf-8>
<title>sanaq report</title><style>{STYLE}</style></head><body>
<header><b>sanaq</b> report · <a href='#overview'>overview</a></header><main>
{pages}
<div id=overview>
<h2>Summary</h2><div class=cards>{cards}</div>
<p>Documents by language: {langs}. By status: {statuses}.</p>
<h2>Claim groups</h2><p>The same figure about the same thing, by how many documents carry it;
conflicts (another value for the same thing in linked reports) are marked.</p>
<table class=sortable id=groups><thead>{header}</thead><tbody>{group_rows}</tbody></table>
<h2>Claims</h2><input id=filter placeholder='search claims…'>
<table class=sortable id=claims><thead>{claim_header}</thead><tbody>{claim_rows}</tbody></table>
</div></main><script>{SCRIPT}</script></body></html>"""


def write_report(output_dir: Path) -> Path:
    target = output_dir / "report" / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(render(output_dir), encoding="utf-8")
    tmp.replace(target)
    return target
