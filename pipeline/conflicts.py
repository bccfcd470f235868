"""Conflicts: two reports of one event that give the same thing two different totals.

A conflict is only worth a fact-checker's time when both figures claim the same thing in the same
frame. So both claims must count a known thing (an object key) in the same unit, in documents
linked as one event; a generic thing ("человек", "страна") only where both sentences name the same
participant (six dead with Trajkovski are not 132 aboard Kaczynski's plane); both must be a plain total
at one moment (no `change`: "выросло до 40" and "было 30" are two moments, not a disagreement),
stated as a figure (exact or about, not "более 40", which 45 does not contradict); each
document must give that thing one value only (a document that gives several is listing parts or
a breakdown, not a total); and neither sentence may state the other figure too ("2 МРОТ, а не 1
МРОТ" contrasts the two, it does not disagree with a report of 2).
"""
from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

from pipeline.events import EventLinks

STATED = {"exact", "approx"}
APPROX_AGREES = 0.1          # "около 40" agrees with 43


def _agree(a: dict, b: dict) -> bool:
    if a["value"] == b["value"]:
        return True
    if "approx" in (a["qualifier"], b["qualifier"]):
        return abs(a["value"] - b["value"]) <= APPROX_AGREES * max(abs(a["value"]), abs(b["value"]))
    return False


def _single_totals(claims: list[dict]) -> dict[tuple, dict]:
    """(doc, key, unit) -> the claim, where the document gives that thing exactly one value and
    that value is a plain stated total."""
    by_thing: dict[tuple, list[dict]] = defaultdict(list)
    for c in claims:
        if c["object_key"]:
            by_thing[(c["doc_id"], c["object_key"], c["unit"])].append(c)
    out = {}
    for thing, members in by_thing.items():
        if len({m["value"] for m in members}) != 1:
            continue
        plain = [m for m in members if m["qualifier"] in STATED and not m["change"] and not m["change_role"]]
        if len(plain) == len(members):
            out[thing] = min(plain, key=lambda m: (m["sent_id"], m["start"]))
    return out


def _states(sentence: str, value: float) -> bool:
    number = f"{value:g}"
    return re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", sentence) is not None


def find_conflicts(claims: list[dict], links: EventLinks, is_generic) -> list[tuple[dict, dict]]:
    """Pairs of disagreeing claims (sorted by claim_id within and across pairs).
    `is_generic(claim)`: whether the claim counts a generic thing ("человек")."""
    totals = _single_totals(claims)
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for (doc, key, unit), claim in sorted(totals.items(), key=lambda kv: (kv[0][1], str(kv[0][2]), kv[0][0])):
        by_key[(key, unit)].append(claim)
    pairs = []
    for members in by_key.values():
        for a, b in combinations(members, 2):
            if not links.linked(a["doc_id"], b["doc_id"]) or _agree(a, b):
                continue
            if is_generic(a) and not links.sentence_names(a) & links.sentence_names(b):
                continue
            if _states(a["sentence"], b["value"]) or _states(b["sentence"], a["value"]):
                continue
            pairs.append(tuple(sorted((a, b), key=lambda c: c["claim_id"])))
    return sorted(pairs, key=lambda p: (p[0]["claim_id"], p[1]["claim_id"]))
