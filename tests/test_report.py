"""The HTML report of a real run on the seeds: its data, its document pages, and in headless
Chromium its paging and filters (skipped where no Chromium is installed)."""
import html
import json
import re
import shutil
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.evaluation.report_load import chromium as find_chromium, headless
from pipeline.report import write_report

PAGE_ROWS = 20
SOURCES = ["kazinform.kz", "ria.ru"]


@pytest.fixture
def outputs(seeds_run, tmp_path):
    """A copy of the seeds run's tables, so that each test writes its own report."""
    folder = tmp_path / "outputs"
    folder.mkdir()
    for table in seeds_run.glob("*.parquet"):
        shutil.copy(table, folder)
    return folder


@pytest.fixture
def dated(outputs):
    """The seeds run with sources and dates on its documents, and claims and claim groups
    without them, as an older run wrote them: the report takes each claim's from its document."""
    documents = pq.read_table(outputs / "documents.parquet")
    n = documents.num_rows
    sources = pa.array([SOURCES[i % 2] for i in range(n)])
    published = pa.array([datetime(2026, 1 + i, 10, 12, tzinfo=timezone.utc) for i in range(n)],
                         pa.timestamp("us", tz="UTC"))
    documents = documents.set_column(documents.schema.get_field_index("source"), "source", sources)
    documents = documents.set_column(documents.schema.get_field_index("published"), "published", published)
    pq.write_table(documents, outputs / "documents.parquet")
    claims = pq.read_table(outputs / "claims.parquet")
    pq.write_table(claims.drop_columns(["source", "published"]), outputs / "claims.parquet")
    groups = pq.read_table(outputs / "claim_groups.parquet")
    pq.write_table(groups.drop_columns(["first_published", "last_published"]), outputs / "claim_groups.parquet")
    return outputs


def blob(page) -> dict:
    found = re.search(r"<script type=application/json id=data>(.*?)</script>", page.read_text(encoding="utf-8"), re.S)
    return json.loads(found.group(1))


def claims_of(outputs) -> list[dict]:
    return pq.read_table(outputs / "claims.parquet").to_pylist()


def test_every_claim_document_and_group_is_in_the_data_once(outputs):
    data = blob(write_report(outputs))
    claims = claims_of(outputs)
    assert sorted(data["claims"]["id"]) == sorted(c["claim_id"] for c in claims)
    assert len(set(data["claims"]["id"])) == len(claims)
    assert len(data["groups"]["value"]) == pq.read_metadata(outputs / "claim_groups.parquet").num_rows
    assert len(data["docs"]["id"]) == 5 and sum(data["docs"]["claims"]) == len(claims)
    texts = dict(zip(data["claims"]["id"], data["claims"]["text"]))
    assert any(text == "более 5 тыс." for text in texts.values()) and "5000-нан астам" in texts.values()


def test_a_document_page_is_its_text_with_every_claim_marked_where_it_stands(outputs):
    write_report(outputs)
    documents = pq.read_table(outputs / "documents.parquet").to_pylist()
    claims = claims_of(outputs)
    for i, doc in enumerate(documents):
        page = (outputs / "report" / "docs" / f"{i}.html").read_text(encoding="utf-8")
        shown = re.search(r"<div class=text>(.*?)</div>", page, re.S).group(1)
        assert html.unescape(re.sub(r"<[^>]+>", "", shown)) == doc["text"]      # every character, once
        for claim in (c for c in claims if c["doc_id"] == doc["doc_id"]):
            mark = re.search(rf"<mark class=claim id=c-{claim['claim_id']}>(.*?)</mark>", shown).group(1)
            assert html.unescape(mark) == claim["text"]
            sentence = shown[:shown.index(f"id=c-{claim['claim_id']}")].rsplit("<span class=s id=", 1)[1]
            assert sentence.startswith(f"s-{claim['sent_id']}>")                # inside its sentence
    assert ">Токаева</mark>" in (outputs / "report" / "docs" / "1.html").read_text(encoding="utf-8")


def test_the_report_is_the_same_bytes_for_the_same_outputs(outputs, tmp_path):
    write_report(outputs)
    first = {p.relative_to(outputs): p.read_bytes() for p in (outputs / "report").rglob("*") if p.is_file()}
    write_report(outputs)
    second = {p.relative_to(outputs): p.read_bytes() for p in (outputs / "report").rglob("*") if p.is_file()}
    assert first == second and len(first) == 6


def test_claims_without_metadata_take_their_documents_source_and_date(dated):
    data = blob(write_report(dated))
    docs, claims = data["docs"], data["claims"]
    assert data["dict"]["source"] == SOURCES
    for doc, source, published in zip(claims["doc"], claims["source"], claims["published"]):
        assert (source, published) == (docs["source"][doc], docs["published"][doc]) and published
    groups = data["groups"]
    assert all(first and first <= last for first, last in zip(groups["first"], groups["last"]))
    spanning = groups["value"].index(5000)                     # seeds 000 (January) and 001 (February)
    assert (groups["first"][spanning], groups["last"][spanning]) == ("2026-01-10 12:00", "2026-02-10 12:00")


@pytest.fixture(scope="module")
def chromium():
    browser = find_chromium()
    if browser is None:
        pytest.skip("no Chromium installed (chromium, chromium-browser or google-chrome): "
                    "the report's browser tests need one")
    return browser


def shown(chromium, page, fragment, tmp_path) -> tuple[list[str], str]:
    """The claim ids in the claims table as Chromium draws the page at #fragment, and the pager."""
    dom = headless(chromium, tmp_path / "profile", "--dump-dom", f"{page.as_uri()}#{fragment}", timeout=120).stdout
    table = re.search(r'<table id="claims">(.*?)</table>', dom, re.S).group(1)
    pager = re.search(r'<div class="pager" id="claims-pager"[^>]*>(.*?)</div>', dom, re.S).group(1)
    return re.findall(r'html#c-([0-9a-f]+)"', table), html.unescape(re.sub(r"<[^>]+>", " ", pager))


def test_claims_page_through_every_claim_once_in_chromium(outputs, chromium, tmp_path):
    page = write_report(outputs, page_rows=PAGE_ROWS)
    claims = claims_of(outputs)
    pages = -(-len(claims) // PAGE_ROWS)
    seen = []
    for number in range(1, pages + 1):
        ids, pager = shown(chromium, page, f"claims.page={number}", tmp_path)
        assert len(ids) == min(PAGE_ROWS, len(claims) - (number - 1) * PAGE_ROWS)
        assert f"page {number} of {pages}" in pager and f"of {len(claims)}" in pager
        seen += ids
    assert sorted(seen) == sorted(c["claim_id"] for c in claims)


def test_filters_by_language_source_and_date_narrow_the_claims_in_chromium(dated, chromium, tmp_path):
    page = write_report(dated, page_rows=1000)
    claims = claims_of(dated)
    documents = {d["doc_id"]: d for d in pq.read_table(dated / "documents.parquet").to_pylist()}
    kazakh, _ = shown(chromium, page, "lang=kk", tmp_path)
    assert sorted(kazakh) == sorted(c["claim_id"] for c in claims if c["lang"] == "kk")
    assert 0 < len(kazakh) < len(claims)
    narrowed, pager = shown(chromium, page, "source=ria.ru&from=2026-02-01&to=2026-04-30", tmp_path)
    expected = [c["claim_id"] for c in claims if documents[c["doc_id"]]["source"] == "ria.ru"
                and 2 <= documents[c["doc_id"]]["published"].month <= 4]
    assert sorted(narrowed) == sorted(expected) and 0 < len(expected) < len(claims)
    assert f"of {len(expected)} " in pager
