"""Stage 8: claim groups, and conflicts between documents that report the same event.

Two documents look like reports of the same event when they share a figure about the same
thing (a group spanning both). Within such linked documents, the same thing counted with
values that never agree (42 cities here, 43 there) is a conflict.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from pipeline import tables
from pipeline.registry import StageContext, stage


def _linked_documents(groups: dict[str, list[dict]]) -> dict[str, str]:
    """doc_id -> representative of its set of linked documents (union-find)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for claims in groups.values():
        docs = sorted({c["doc_id"] for c in claims})
        for doc in docs:
            find(doc)
        if claims[0]["object_key"]:
            for other in docs[1:]:
                parent[find(other)] = find(docs[0])
    return {doc: find(doc) for doc in list(parent)}


def _conflicts(groups: dict[str, list[dict]], component: dict[str, str]) -> dict[str, list[float]]:
    """group_id -> the disagreeing values reported for the same thing in linked documents."""
    values: dict[tuple, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for claims in groups.values():
        for c in claims:
            if c["object_key"]:
                values[(component[c["doc_id"]], c["object_key"], c["unit"])][c["doc_id"]].add(c["value"])
    out: dict[str, list[float]] = {}
    for gid, claims in groups.items():
        c = claims[0]
        if not c["object_key"]:
            continue
        per_doc = values[(component[c["doc_id"]], c["object_key"], c["unit"])]
        mine = {doc for doc, vals in per_doc.items() if c["value"] in vals}
        rivals = sorted({v for doc, vals in per_doc.items() if doc not in mine and c["value"] not in vals
                         for v in vals})
        if rivals:
            out[gid] = rivals
    return out


def _published_span(claims: list[dict]) -> dict:
    """When the figure was first and last reported: which report came first matters more than
    that two reports share it. Null when none of its documents is dated."""
    dates = [c["published"] for c in claims if c.get("published") is not None]
    return {"first_published": min(dates, default=None), "last_published": max(dates, default=None)}


def build_groups(claims: list[dict]) -> list[dict]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for c in claims:
        groups[c["group_id"]].append(c)
    component = _linked_documents(groups)
    conflicts = _conflicts(groups, component)
    rows = []
    for gid, members in groups.items():
        qualifiers = Counter(c["qualifier"] for c in members)
        rows.append({
            "group_id": gid, "value": members[0]["value"],
            "qualifier": sorted(qualifiers.items(), key=lambda kv: (-kv[1], kv[0]))[0][0],
            "unit": members[0]["unit"], "object_key": members[0]["object_key"],
            "n_claims": len(members), "n_docs": len({c["doc_id"] for c in members}),
            "langs": sorted({c["lang"] for c in members}),
            "doc_ids": sorted({c["doc_id"] for c in members}),
            "subjects": sorted({c["subject"] for c in members if c["subject"]}),
            "objects": sorted({c["object"] for c in members if c["object"]}),
            "conflict": gid in conflicts, "conflict_values": conflicts.get(gid, []),
            **_published_span(members),
        })
    rows.sort(key=lambda r: (-r["n_docs"], -r["n_claims"], r["object_key"] or "~", r["value"], r["group_id"]))
    return rows


@stage("groups", "claim_groups.parquet", deps=("claims",))
def groups(ctx: StageContext):
    claims = ctx.read("claims").select(
        ["doc_id", "lang", "value", "qualifier", "unit", "object", "object_key", "subject",
         "group_id", "published"]).to_pylist()
    return tables.to_table(build_groups(claims), "claim_groups")
