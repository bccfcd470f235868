"""Claim groups across documents and languages (the report: tests/test_report.py)."""
import pyarrow.parquet as pq

from tests.conftest import make_runner

SHARED = {37, 44, 42, 5000, 24000, 3_000_000, 40000}
SEED_000, SEED_001 = "000_382523e0cba995cc", "001_dedb7f310e7c3f92"
SEED_002, SEED_003, SEED_004 = "002_6866ca2f92c1880a", "003_566e8e6cf4c1323b", "004_1b60f0dffa339028"


def test_the_seven_shared_figures_group_across_languages(seed_tables):
    groups = seed_tables["claim_groups"]
    for value in SHARED:
        spanning = [g for g in groups if g["value"] == value and {SEED_000, SEED_001} <= set(g["doc_ids"])]
        assert len(spanning) == 1, value
        assert spanning[0]["langs"] == ["kk", "ru"]
        assert not spanning[0]["conflict"]


def test_seed_002_repeated_figure_joins_its_group_and_other_events_join_none(seed_tables):
    """002 restates the campaign's "свыше 40 тысяч" (of proposals, its object left to "их"): it
    joins the 40,000 proposals of 000 and 001. 003 (another party, another year) and 004 (the
    coalition before the campaign) share no group with anyone."""
    groups = seed_tables["claim_groups"]
    proposals = [g for g in groups if g["value"] == 40000 and SEED_002 in g["doc_ids"]]
    assert len(proposals) == 1 and {SEED_000, SEED_001} <= set(proposals[0]["doc_ids"])
    assert proposals[0]["object_key"] == "proposal"
    for other in (SEED_003, SEED_004):
        assert all(g["doc_ids"] == [other] for g in groups if other in g["doc_ids"]), other


def test_groups_list_their_claims_and_the_names_their_documents_share(seed_tables):
    claims = {c["claim_id"]: c for c in seed_tables["claims"]}
    listed = [cid for g in seed_tables["claim_groups"] for cid in g["claim_ids"]]
    assert sorted(listed) == sorted(claims)                                   # each claim in one group
    for g in seed_tables["claim_groups"]:
        assert {claims[cid]["value"] for cid in g["claim_ids"]} == {g["value"]}   # never mixes values
        assert len(g["claim_ids"]) == g["n_claims"]
        assert sorted({claims[cid]["doc_id"] for cid in g["claim_ids"]}) == g["doc_ids"]
    media = next(g for g in seed_tables["claim_groups"] if g["value"] == 44 and g["n_docs"] == 2)
    # Тоқаев / Токаев, AMANAT / Amanat matched across languages and scripts
    shared = {name.lower() for name in media["shared_entities"]}
    assert any("токаев" in name or "тоқаев" in name for name in shared)
    assert "amanat" in shared


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


def test_a_disagreement_between_two_reports_of_one_event_is_a_conflict_with_its_evidence(tmp_path):
    """Seeds 000 and 001 report one event; 000 edited to say 45 foreign media where 001 says 44.
    The conflict carries both sentences, their offsets, the names both reports share; the
    campaign's other figures still group, and none of them conflicts."""
    from tests.conftest import SEEDS
    (tmp_path / "input").mkdir()
    kazakh = (SEEDS / f"{SEED_000}.txt").read_text(encoding="utf-8").replace("44 шетелдік", "45 шетелдік")
    (tmp_path / "input" / f"{SEED_000}.txt").write_text(kazakh, encoding="utf-8")
    (tmp_path / "input" / f"{SEED_001}.txt").write_text((SEEDS / f"{SEED_001}.txt").read_text(encoding="utf-8"),
                                                        encoding="utf-8")
    make_runner(tmp_path / "input", tmp_path / "outputs").run()
    groups = pq.read_table(tmp_path / "outputs" / "claim_groups.parquet").to_pylist()
    texts = {d["doc_id"]: d["text"] for d in pq.read_table(tmp_path / "outputs" / "documents.parquet").to_pylist()}
    conflicted = [g for g in groups if g["conflict"]]
    assert sorted((g["value"], g["object_key"]) for g in conflicted) == [(44, "media"), (45, "media")]
    assert groups[0]["conflict"] and groups[1]["conflict"]                     # conflicts come first
    for g in conflicted:
        (evidence,) = {(c["claim_id"], c["other_claim_id"]): c for c in g["conflicts"]}.values()
        assert {evidence["value"], evidence["other_value"]} == {44, 45}
        assert g["conflict_values"] == [evidence["other_value"]]
        for side in ("", "other_"):
            doc, start, end = evidence[f"{side}doc_id"], evidence[f"{side}start"], evidence[f"{side}end"]
            assert texts[doc][start:end] == evidence[f"{side}text"]
            assert evidence[f"{side}text"] in evidence[f"{side}sentence"]
        assert "amanat" in {name.lower() for name in evidence["shared_entities"]}
    assert sum(1 for g in groups if g["n_docs"] == 2 and not g["conflict"]) == 6
    # the report lists it first, each figure linked to its document at the claim
    from pipeline.report import write_report
    html = write_report(tmp_path / "outputs").read_text(encoding="utf-8")
    assert html.index("<h2 id=conflicts>") < html.index("id=groups-h")
    order = [d["doc_id"] for d in pq.read_table(tmp_path / "outputs" / "documents.parquet").to_pylist()]
    for g in conflicted:
        c = g["conflicts"][0]
        link = f"docs/{order.index(c['doc_id'])}.html#c-{c['claim_id']}"
        assert f"href='{link}'" in html
        page = (tmp_path / "outputs" / "report" / link.split("#")[0]).read_text(encoding="utf-8")
        assert f"id=c-{c['claim_id']}" in page


def test_names_meet_across_russian_kazakh_and_latin_spellings():
    """Names as the seeds and Collection5 write them; the country, the capital and outlets are not
    evidence."""
    from pipeline.events import rules
    r = rules("configs/events.toml")
    assert r.key("Қасым-Жомарт Тоқаев", "PER") == r.key("Токаев", "PER") == r.key("Токаева", "PER")
    assert r.key("AMANAT", "ORG") == r.key("Amanat", "ORG") == r.key("Аманат", "ORG")
    assert r.key("Народная коалиция", "ORG") == r.key("Народной коалиции", "ORG")
    for background in [("Россия", "LOC"), ("Москва", "LOC"), ("РИА Новости", "ORG"), ("Қазақстан", "LOC"),
                       ("Liter.kz", "ORG"), ("24 мың", "CARDINAL")]:
        assert r.key(*background) is None, background


def test_undated_reports_are_close_in_time_by_the_days_they_name():
    """Collection5 ne5#247 and ne5#252 report one decree ("1 апреля"); a report naming only
    "25 февраля" is another day. Documents naming no day are not kept apart."""
    from pipeline.dates import day_of_year
    from pipeline.events import EventLinks, rules
    names = ["Яков Стахов", "Борис Тимониченко", "Олег Хотин"]
    entities = [{"doc_id": doc, "text": n, "label": "PER", "normal": n} for doc in "abcd" for n in names]
    mentioned = {"a": {day_of_year("1 апреля")}, "b": {day_of_year("01.04.2010")}, "c": {day_of_year("25 февраля")}}
    links = EventLinks(entities, dict.fromkeys("abcd"), rules("configs/events.toml"), mentioned=mentioned)
    assert links.linked("a", "b") and links.linked("a", "d")
    assert not links.linked("a", "c")
