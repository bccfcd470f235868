"""Claim groups across documents and languages (the report: tests/test_report.py)."""
import pyarrow.parquet as pq

from pipeline.stages.groups import build_groups
from tests.conftest import make_runner

SHARED = {37, 44, 42, 5000, 24000, 3_000_000, 40000}
SEED_000, SEED_001 = "000_382523e0cba995cc", "001_dedb7f310e7c3f92"


def test_the_seven_shared_figures_group_across_languages(seed_tables):
    groups = seed_tables["claim_groups"]
    for value in SHARED:
        spanning = [g for g in groups if g["value"] == value and {SEED_000, SEED_001} <= set(g["doc_ids"])]
        assert len(spanning) == 1, value
        assert spanning[0]["langs"] == ["kk", "ru"]
        assert not spanning[0]["conflict"]


def test_claims_carry_their_group(seed_tables):
    ids = {g["group_id"] for g in seed_tables["claim_groups"]}
    assert {c["group_id"] for c in seed_tables["claims"]} == ids
    for g in seed_tables["claim_groups"]:
        members = [c for c in seed_tables["claims"] if c["group_id"] == g["group_id"]]
        assert {c["value"] for c in members} == {g["value"]}          # never mixes values
        assert len(members) == g["n_claims"]


def test_a_price_groups_only_with_the_price_of_the_same_commodity(tmp_path):
    """Sentences written for this test: the price of petrol in Russian and in Kazakh is one figure;
    the same amount for bread or for diesel is another."""
    texts = {"ru_petrol": "Цена на бензин АИ-92 выросла до 250 тенге за литр.",
             "kk_petrol": "АИ-92 бензинінің бағасы 250 теңгеге жетті.",
             "kk_petrol_bare": "Бензин бағасы 250 теңге болды.",
             "ru_bread": "Цена на хлеб выросла до 250 тенге.",
             "ru_diesel": "Стоимость дизельного топлива составила 250 тенге."}
    (tmp_path / "input").mkdir()
    for name, text in texts.items():
        (tmp_path / "input" / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    make_runner(tmp_path / "input", tmp_path / "outputs").run()
    key = {c["doc_id"]: (c["object_key"], c["group_id"]) for c in pq.read_table(tmp_path / "outputs" / "claims.parquet").to_pylist()}
    assert key["ru_petrol"] == key["kk_petrol"] == key["kk_petrol_bare"]
    assert key["ru_petrol"][0] == "price:petrol"
    assert {key["ru_bread"][0], key["ru_diesel"][0]} == {"price:bread", "price:diesel"}


def claim(doc, value, key, lang="ru"):
    return {"doc_id": doc, "lang": lang, "value": value, "qualifier": "exact", "unit": None,
            "object": key, "object_key": key, "subject": None, "group_id": f"{value}-{key}"}


def test_conflict_in_reports_of_the_same_event():
    claims = [claim("a", 44, "media"), claim("b", 44, "media", "kk"),      # links a and b
              claim("a", 42, "city"), claim("b", 43, "city", "kk"),        # disagree
              claim("c", 50, "city")]                                      # unrelated report
    groups = {(g["value"], g["object_key"]): g for g in build_groups(claims)}
    assert groups[(42, "city")]["conflict"] and groups[(42, "city")]["conflict_values"] == [43]
    assert groups[(43, "city")]["conflict"]
    assert not groups[(50, "city")]["conflict"]
    assert not groups[(44, "media")]["conflict"]
