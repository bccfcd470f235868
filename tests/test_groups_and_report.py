"""Claim groups across documents and languages, and the HTML report rendered in Chromium."""
import shutil
import subprocess

import pyarrow.parquet as pq
import pytest

from pipeline.report import write_report
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


@pytest.fixture(scope="module")
def chromium():
    path = shutil.which("chromium")
    if path is None:      # the test set-up installs Debian's package when it is missing
        subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium",
                       shell=True, check=True, capture_output=True)
        path = shutil.which("chromium")
    return path


def headless(chromium, *args):
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    return subprocess.run([chromium, *flags, *args], capture_output=True, text=True, timeout=120)


def test_report_renders_in_chromium(seeds_run, chromium, tmp_path):
    page = write_report(seeds_run)
    done = headless(chromium, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri())
    dom = done.stdout
    assert "Claim groups" in dom
    assert dom.count("<tr") > 48                       # every claim and group has a row
    assert "сельских населенных пунктов" in dom and "5000-нан астам" in dom
    assert dom.count('class="entity"') > 50           # displaCy highlights
    assert ">CLAIM<" in dom
    shot = seeds_run / "report" / "screenshot.png"
    headless(chromium, f"--user-data-dir={tmp_path / 'profile2'}", f"--screenshot={shot}",
             "--window-size=1400,1800", page.as_uri())
    assert shot.stat().st_size > 10_000
    doc_shot = seeds_run / "report" / "document.png"
    headless(chromium, f"--user-data-dir={tmp_path / 'profile3'}", f"--screenshot={doc_shot}",
             "--window-size=1400,1800", page.as_uri() + "#doc-0")
    assert doc_shot.stat().st_size > 10_000
    from tests.conftest import ROOT

    keep = ROOT / "outputs" / "report"          # for people to look at (git-ignored)
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, keep / "screenshot-seeds.png")
    shutil.copy(doc_shot, keep / "screenshot-seeds-document.png")
