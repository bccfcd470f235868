"""Stage 8: claim groups within events, and conflicts between reports of the same event.

A claim's `group_id` (claims stage) names its figure: value, unit and what is counted. A group
here is that figure in reports of one event: documents linked by the specific names they share
(pipeline/events.py). "44 иностранных СМИ" and "44 шетелдік БАҚ" in linked reports are one
group; "1 человек" in seven unrelated articles is seven. A small count of a generic thing joins
another document only on strong evidence. A figure stated without its object ("их поступило
свыше 40 тысяч") joins the one group of that value in a linked report, if there is exactly one.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict

from pipeline import tables
from pipeline.config import resolve
from pipeline.dates import day_of_year
from pipeline.conflicts import find_conflicts
from pipeline.events import EventLinks, EventRules, rules
from pipeline.registry import StageContext, stage

CLAIM_COLUMNS = ["claim_id", "doc_id", "lang", "sent_id", "start", "end", "text", "value", "qualifier", "unit",
                 "object", "object_key", "subject", "change", "change_role", "entities", "sentence",
                 "group_id", "published"]


class Grouping:
    def __init__(self, claims: list[dict], links: EventLinks):
        self.links, self.rules = links, links.rules
        self.claims = sorted(claims, key=lambda c: c["claim_id"])
        self.figure = {c["claim_id"]: c["group_id"] for c in self.claims}
        self._place_objectless()

    def is_generic(self, claim: dict) -> bool:
        return not claim["object_key"] or claim["object_key"] in self.rules.generic_concepts

    def needs_strong(self, claim: dict) -> bool:
        """A small count of a generic thing: "1 человек", "3 кандидата"."""
        r: EventRules = self.rules
        return self.is_generic(claim) and claim["unit"] is None and abs(claim["value"]) < r.small_count

    def _join(self, a: dict, b: dict) -> bool:
        """Whether two claims of one figure in different documents are one group."""
        x, y = a["doc_id"], b["doc_id"]
        if not self.links.linked(x, y):
            return False
        if not (self.needs_strong(a) or self.needs_strong(b)):
            return True
        return self.links.strongly_linked(x, y) or bool(self.links.sentence_names(a) & self.links.sentence_names(b))

    def _place_objectless(self) -> None:
        """A figure without its object takes the one figure of that value and unit that a linked
        report gives with its object."""
        by_value: dict[tuple, list[dict]] = defaultdict(list)
        for c in self.claims:
            if c["object_key"]:
                by_value[(c["value"], c["unit"])].append(c)
        for c in self.claims:
            if c["object_key"] or self.needs_strong(c):
                continue
            figures = {o["group_id"] for o in by_value[(c["value"], c["unit"])] if self._join(c, o)}
            if len(figures) == 1:
                self.figure[c["claim_id"]] = figures.pop()

    def parts(self) -> list[list[dict]]:
        """Each figure's claims split into groups of documents that join (union-find)."""
        by_figure: dict[str, list[dict]] = defaultdict(list)
        for c in self.claims:
            by_figure[self.figure[c["claim_id"]]].append(c)
        out = []
        for figure in sorted(by_figure):
            members = by_figure[figure]
            parent = {c["doc_id"]: c["doc_id"] for c in members}

            def find(doc: str) -> str:
                while parent[doc] != doc:
                    parent[doc] = parent[parent[doc]]
                    doc = parent[doc]
                return doc

            by_doc: dict[str, list[dict]] = defaultdict(list)
            for c in members:
                by_doc[c["doc_id"]].append(c)
            docs = sorted(by_doc)
            for i, a in enumerate(docs):
                for b in docs[i + 1:]:
                    if self.links.shared(a, b) and find(a) != find(b) and any(
                            self._join(x, y) for x in by_doc[a] for y in by_doc[b]):
                        parent[find(b)] = find(a)
            split: dict[str, list[dict]] = defaultdict(list)
            for c in members:
                split[find(c["doc_id"])].append(c)
            ordered = sorted(split.values(), key=lambda p: (-len({c["doc_id"] for c in p}), -len(p),
                                                           min(c["doc_id"] for c in p)))
            for i, part in enumerate(ordered):
                out.append((figure if i == 0 else _part_id(figure, part), part))
        return out

    def shared_names(self, docs: list[str]) -> list[str]:
        keys = {key for a in docs for b in docs if a < b and self.links.linked(a, b)
                for key in self.links.shared(a, b)}
        return self.links.names_of(keys)


def _part_id(figure: str, part: list[dict]) -> str:
    """The figure in another event: its own id (the largest part keeps the figure's)."""
    basis = f"{figure}\x1f{min(c['doc_id'] for c in part)}"
    return hashlib.sha256(basis.encode()).hexdigest()[:12]


def _conflict_row(claim: dict, other: dict, links: EventLinks) -> dict:
    """What a reader needs to judge a conflict: both sentences, where they are, the names both
    reports share and their dates."""
    return {"claim_id": claim["claim_id"], "doc_id": claim["doc_id"], "value": claim["value"],
            "text": claim["text"], "sentence": claim["sentence"], "start": claim["start"],
            "end": claim["end"], "published": claim["published"],
            "other_claim_id": other["claim_id"], "other_doc_id": other["doc_id"], "other_value": other["value"],
            "other_text": other["text"], "other_sentence": other["sentence"], "other_start": other["start"],
            "other_end": other["end"], "other_published": other["published"],
            "shared_entities": links.names_of(links.shared(claim["doc_id"], other["doc_id"]))}


def build_groups(claims: list[dict], links: EventLinks) -> list[dict]:
    grouping = Grouping(claims, links)
    parts = grouping.parts()
    group_of = {c["claim_id"]: gid for gid, part in parts for c in part}
    conflicts: dict[str, list[dict]] = defaultdict(list)
    for a, b in find_conflicts(grouping.claims, links, grouping.is_generic):
        conflicts[group_of[a["claim_id"]]].append(_conflict_row(a, b, links))
        conflicts[group_of[b["claim_id"]]].append(_conflict_row(b, a, links))
    rows = []
    for gid, members in parts:
        qualifiers = Counter(c["qualifier"] for c in members)
        docs = sorted({c["doc_id"] for c in members})
        dates = [c["published"] for c in members if c.get("published") is not None]
        keyed = [c for c in members if c["object_key"]] or members
        rows.append({
            "group_id": gid, "value": members[0]["value"],
            "qualifier": sorted(qualifiers.items(), key=lambda kv: (-kv[1], kv[0]))[0][0],
            "unit": members[0]["unit"], "object_key": keyed[0]["object_key"],
            "n_claims": len(members), "n_docs": len(docs), "langs": sorted({c["lang"] for c in members}),
            "doc_ids": docs, "claim_ids": sorted(c["claim_id"] for c in members),
            "subjects": sorted({c["subject"] for c in members if c["subject"]}),
            "objects": sorted({c["object"] for c in members if c["object"]}),
            "shared_entities": grouping.shared_names(docs),
            "conflict": gid in conflicts,
            "conflict_values": sorted({row["other_value"] for row in conflicts.get(gid, [])}),
            "conflicts": conflicts.get(gid, []),
            "first_published": min(dates, default=None), "last_published": max(dates, default=None),
        })
    rows.sort(key=lambda r: (not r["conflict"], -r["n_docs"], -r["n_claims"], r["object_key"] or "~",
                             r["value"], r["group_id"]))
    return rows


def event_links(entities: list[dict], published: dict, config: dict, texts: dict[str, str] | None = None,
                languages: dict[str, str] | None = None, mentioned: dict[str, set[int]] | None = None) -> EventLinks:
    return EventLinks(entities, published, rules(str(resolve(config["groups"]["events"]))), texts, languages,
                      mentioned)


def mentioned_days(numbers: list[dict]) -> dict[str, set[int]]:
    """doc -> the days of the year its date mentions name."""
    days: dict[str, set[int]] = defaultdict(set)
    for n in numbers:
        day = day_of_year(n["text"]) if n["kind"] == "date" else None
        if day is not None:
            days[n["doc_id"]].add(day)
    return dict(days)


def main_languages(segments: list[dict]) -> dict[str, str]:
    """doc -> the language most of its text is in (ru or kk)."""
    chars: dict[str, Counter] = defaultdict(Counter)
    for s in segments:
        if s["lang"] in ("ru", "kk"):
            chars[s["doc_id"]][s["lang"]] += s["end"] - s["start"]
    return {doc: min(counts, key=lambda lang: (-counts[lang], lang)) for doc, counts in chars.items()}


def run_links(read, config: dict) -> EventLinks:
    """The event links of a run's outputs (`read(stage)` gives a stage's table)."""
    entities = [row for name in ("ner_ru", "ner_kk")
                for row in read(name).select(["doc_id", "text", "label", "normal"]).to_pylist()]
    docs = [d for d in read("ingest").select(["doc_id", "text", "published", "status"]).to_pylist()
            if d["status"] in ("ok", "repaired")]
    languages = main_languages(read("language").select(["doc_id", "lang", "start", "end"]).to_pylist())
    mentioned = mentioned_days(read("numbers").select(["doc_id", "text", "kind"]).to_pylist())
    return event_links(entities, {d["doc_id"]: d["published"] for d in docs}, config,
                       {d["doc_id"]: d["text"] for d in docs}, languages, mentioned)


@stage("groups", "claim_groups.parquet", deps=("ingest", "language", "numbers", "claims", "ner_ru", "ner_kk"),
       modules=("pipeline.events", "pipeline.conflicts"), data_files=lambda config: [config["groups"]["events"]])
def groups(ctx: StageContext):
    claims = ctx.read("claims").select(CLAIM_COLUMNS).to_pylist()
    return tables.to_table(build_groups(claims, run_links(ctx.read, ctx.config)), "claim_groups")
