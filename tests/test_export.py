"""Exports (CSV, JSON Lines, Excel), the filters `sanaq show` and `sanaq export` share, and the
publication dates and sources that claims and claim groups carry."""
from __future__ import annotations

import csv
import json
from datetime import datetime, timezone

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import UsageError
from pipeline.export import EXCEL_CELL_LIMIT, TRUNCATED, excel_text, export, write_xlsx
from pipeline.filters import Filters
from tests.conftest import SEEDS, make_runner

KK_SEED, RU_SEED = "000_382523e0cba995cc", "001_dedb7f310e7c3f92"   # the same event in Kazakh and Russian
UTC = timezone.utc
# each seed as an archive row: (published as an archive writes it, that moment, source)
DATED = {
    KK_SEED: ("2022-11-22T10:00:00+06:00", datetime(2022, 11, 22, 4, 0, tzinfo=UTC), "Kazinform"),
    RU_SEED: ("22.11.2022 17:37", datetime(2022, 11, 22, 17, 37, tzinfo=UTC), "Tengrinews"),
    "002_6866ca2f92c1880a": ("23 ноября 2022 г., 09:15", datetime(2022, 11, 23, 9, 15, tzinfo=UTC), "Tengrinews"),
    "003_566e8e6cf4c1323b": ("2022 жылғы 24 қараша", datetime(2022, 11, 24, tzinfo=UTC), "Kazinform"),
    "004_1b60f0dffa339028": (None, None, None),
}


@pytest.fixture(scope="module")
def dated_run(tmp_path_factory):
    """The seeds as one JSON Lines archive with publication dates and sources."""
    base = tmp_path_factory.mktemp("dated")
    with open(base / "news.jsonl", "w", encoding="utf-8") as handle:
        for path in sorted(SEEDS.glob("*.txt")):
            raw, _, source = DATED[path.stem]
            row = {"id": path.stem, "text": path.read_text(encoding="utf-8"), "published": raw, "source": source}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    make_runner(base / "news.jsonl", base / "outputs").run()
    return base / "outputs"


def doc_of(doc_id: str) -> str:
    """The seed a doc_id of the archive run comes from ('news#000_...' -> '000_...')."""
    return doc_id.partition("#")[2] or doc_id


def claims_of(outputs) -> list[dict]:
    return pq.read_table(outputs / "claims.parquet").to_pylist()


def exported(outputs, tmp_path, name="claims", fmt="csv", **filters) -> list[dict]:
    """The rows of an export, read back from its CSV."""
    path = tmp_path / f"{name}.{fmt}"
    export(outputs, name, fmt, path, Filters(**filters))
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# --- formats ---------------------------------------------------------------------------------

def test_csv_has_a_bom_and_reads_back_as_the_claims(seeds_run, tmp_path):
    path = tmp_path / "claims.csv"
    assert export(seeds_run, "claims", "csv", path) == 47
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    claims = claims_of(seeds_run)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        assert next(reader) == list(claims[0])
        rows = [dict(zip(claims[0], cells)) for cells in reader]
    assert len(rows) == len(claims)
    for row, claim in zip(rows, claims):
        for column in ("claim_id", "doc_id", "lang", "text", "object", "subject", "sentence", "group_id"):
            assert row[column] == (claim[column] or ""), column
        assert float(row["value"]) == claim["value"]
        assert int(row["start"]) == claim["start"]
        assert json.loads(row["entities"]) == claim["entities"]
        assert row["published"] == row["source"] == ""
    assert {"более 5 тыс.", "5000-нан астам"} <= {row["text"] for row in rows}
    assert "5000" in {row["value"] for row in rows}          # a whole number as people write it


def test_jsonl_lines_parse_with_native_lists_and_iso_dates(dated_run, tmp_path):
    path = tmp_path / "claims.jsonl"
    export(dated_run, "claims", "jsonl", path)
    lines = path.read_text(encoding="utf-8").splitlines()
    claims = claims_of(dated_run)
    assert len(lines) == len(claims)
    for line, claim in zip(lines, claims):
        row = json.loads(line)
        assert row["entities"] == claim["entities"] and isinstance(row["entities"], list)
        assert row["published"] == (claim["published"].isoformat() if claim["published"] else None)
        assert {k: v for k, v in row.items() if k != "published"} == \
            {k: v for k, v in claim.items() if k != "published"}
    assert "более 5 тыс." in path.read_text(encoding="utf-8")    # Cyrillic as itself, not \u escapes


def test_xlsx_shows_cyrillic_cells_exactly(dated_run, tmp_path):
    path = tmp_path / "claims.xlsx"
    export(dated_run, "claims", "xlsx", path)
    sheet = openpyxl.load_workbook(path, read_only=True)["claims"]
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    claims = claims_of(dated_run)
    assert header == list(claims[0]) and len(rows) == len(claims)
    for cells, claim in zip(rows, claims):
        row = dict(zip(header, cells))
        for column in ("text", "object", "subject", "sentence", "source"):
            assert row[column] == claim[column], column
        assert row["value"] == claim["value"]
        assert json.loads(row["entities"]) == claim["entities"]
        assert row["published"] == (claim["published"].isoformat() if claim["published"] else None)


def test_an_excel_cell_too_long_is_cut_with_a_marker(tmp_path):
    long = "Ә" * 40_000
    emoji = "📈" * 20_000              # two UTF-16 units each: 40,000 for Excel
    assert excel_text("Более 5 тыс.") == "Более 5 тыс."
    for text in (long, emoji):
        cut = excel_text(text)
        assert cut.endswith(TRUNCATED) and len(cut.encode("utf-16-le")) // 2 <= EXCEL_CELL_LIMIT
    write_xlsx(pa.table({"sentence": [long, "5000-нан астам"]}), tmp_path / "long.xlsx", "claims")
    sheet = openpyxl.load_workbook(tmp_path / "long.xlsx")["claims"]
    assert sheet["A2"].value == excel_text(long) and sheet["A3"].value == "5000-нан астам"


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_the_same_table_gives_the_same_bytes(seeds_run, tmp_path, fmt):
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    export(seeds_run, "groups", fmt, first)
    export(seeds_run, "groups", fmt, second)
    assert first.read_bytes() == second.read_bytes()


def test_entities_export_both_languages(seeds_run, tmp_path):
    rows = exported(seeds_run, tmp_path, "entities")
    expected = [len(pq.read_table(seeds_run / f"entities_{lang}.parquet")) for lang in ("ru", "kk")]
    assert [sum(r["lang"] == lang for r in rows) for lang in ("ru", "kk")] == expected
    assert "Касым-Жомарта Токаева" in {r["text"] for r in rows}


# --- filters ---------------------------------------------------------------------------------

def test_filter_by_language_and_document(seeds_run, tmp_path):
    claims = claims_of(seeds_run)
    kazakh = exported(seeds_run, tmp_path, lang="kk")
    assert [r["claim_id"] for r in kazakh] == [c["claim_id"] for c in claims if c["lang"] == "kk"]
    one = exported(seeds_run, tmp_path, doc=RU_SEED)
    assert [r["claim_id"] for r in one] == [c["claim_id"] for c in claims if c["doc_id"] == RU_SEED]
    assert not exported(seeds_run, tmp_path, doc=RU_SEED, lang="kk")
    entities = exported(seeds_run, tmp_path, "entities", lang="kk", doc=KK_SEED)
    assert entities and {(r["doc_id"], r["lang"]) for r in entities} == {(KK_SEED, "kk")}


@pytest.mark.parametrize("since, until, seeds", [
    ("2022-11-23", None, ["002_6866ca2f92c1880a", "003_566e8e6cf4c1323b"]),
    (None, "2022-11-22", [KK_SEED, RU_SEED]),                      # the whole day of `until`
    ("2022-11-22", "2022-11-23", [KK_SEED, RU_SEED, "002_6866ca2f92c1880a"]),
    ("2022-11-25", None, []),
])
def test_filter_by_publication_day(dated_run, tmp_path, since, until, seeds):
    filters = {"since": since and datetime.fromisoformat(since).date(),
               "until": until and datetime.fromisoformat(until).date()}
    rows = exported(dated_run, tmp_path, **filters)
    assert sorted({doc_of(r["doc_id"]) for r in rows}) == seeds      # 004 has no date: never in
    for row in rows:
        day = datetime.fromisoformat(row["published"]).date().isoformat()
        assert (since or day) <= day <= (until or day)


def test_filter_by_source_ignores_case(dated_run, tmp_path):
    rows = exported(dated_run, tmp_path, source="tengrinews")
    assert {doc_of(r["doc_id"]) for r in rows} == {RU_SEED, "002_6866ca2f92c1880a"}
    assert {r["source"] for r in rows} == {"Tengrinews"}


def test_groups_are_kept_by_their_claims(dated_run, tmp_path):
    groups = exported(dated_run, tmp_path, "groups", source="Tengrinews")
    claims = {c["claim_id"] for c in exported(dated_run, tmp_path, source="Tengrinews")}
    every = pq.read_table(dated_run / "claim_groups.parquet").to_pylist()
    assert [g["group_id"] for g in groups] == [g["group_id"] for g in every if claims & set(g["claim_ids"])]
    assert {c for g in groups for c in json.loads(g["claim_ids"])} >= claims
    kazakh = exported(dated_run, tmp_path, "groups", lang="kk")
    assert all("kk" in json.loads(g["langs"]) for g in kazakh)
    assert any(json.loads(g["langs"]) == ["kk", "ru"] for g in kazakh)


def test_bad_date_and_missing_table_say_what_to_do(tmp_path, seeds_run):
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        Filters.from_options(None, None, "22.11.2022", None, None)
    with pytest.raises(UsageError, match="`claims` stage writes it"):
        export(tmp_path, "claims", "csv", tmp_path / "claims.csv")
    with pytest.raises(UsageError, match="--lang does not apply to documents"):
        Filters(lang="kk").apply(seeds_run, "documents", pq.read_table(seeds_run / "documents.parquet"))
    assert not (tmp_path / "claims.csv").exists()


def test_cli_export_and_show_share_the_filters(dated_run, tmp_path):
    target = tmp_path / "out" / "claims.csv"
    result = CliRunner().invoke(app, ["export", "claims", "--format", "csv", "--output", str(target),
                                      "--outputs", str(dated_run), "--source", "Kazinform",
                                      "--since", "2022-11-24"])
    assert result.exit_code == 0, result.output
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and {doc_of(r["doc_id"]) for r in rows} == {"003_566e8e6cf4c1323b"}
    shown = CliRunner().invoke(app, ["show", "claims", "--output", str(dated_run), "--source", "Kazinform",
                                     "--since", "2022-11-24"])
    assert shown.exit_code == 0, shown.output
    assert f"claims: {len(rows)} rows" in shown.output
    missing = CliRunner().invoke(app, ["export", "groups", "-f", "xlsx", "-o", str(tmp_path / "g.xlsx"),
                                       "--outputs", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "`groups` stage" in missing.output


# --- dates and sources in claims and groups --------------------------------------------------

def test_claims_carry_their_documents_date_and_source(dated_run, seeds_run):
    claims = claims_of(dated_run)
    assert {doc_of(c["doc_id"]) for c in claims} == set(DATED)
    for claim in claims:
        _, published, source = DATED[doc_of(claim["doc_id"])]
        assert (claim["published"], claim["source"]) == (published, source)
    assert all(c["published"] is None and c["source"] is None for c in claims_of(seeds_run))


def test_groups_first_and_last_published(dated_run, seeds_run):
    groups = pq.read_table(dated_run / "claim_groups.parquet").to_pylist()
    shared = [g for g in groups if {KK_SEED, RU_SEED} <= {doc_of(d) for d in g["doc_ids"]}]
    assert len(shared) == 7
    for group in shared:      # the Kazakh report at 10:00 in Almaty, the Russian one at 17:37 UTC, maybe 002
        dates = [DATED[doc_of(d)][1] for d in group["doc_ids"]]
        assert group["first_published"] == DATED[KK_SEED][1] == min(dates)
        assert group["last_published"] == max(dates) >= DATED[RU_SEED][1]
    undated = [g for g in groups if {doc_of(d) for d in g["doc_ids"]} == {"004_1b60f0dffa339028"}]
    assert undated and all(g["first_published"] is None and g["last_published"] is None for g in undated)
    seeds_groups = pq.read_table(seeds_run / "claim_groups.parquet").to_pylist()
    assert all(g["first_published"] is None and g["last_published"] is None for g in seeds_groups)
