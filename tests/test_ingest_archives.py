"""Archives as input: JSON Lines, CSV/TSV and Parquet files (one article a row), gzipped files,
one file as --input. Every hostile row gets a row of its own; the others are read on."""
import codecs
import csv
import gzip
import hashlib
import json
import shutil
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.conftest import SEEDS, make_runner

SEED_FILES = sorted(SEEDS.glob("*.txt"))
RU = "Более 5 тыс. сельских населенных пунктов посетили сторонники кандидата."
SPAN_TABLES = ("segments", "tokens", "entities_ru", "entities_kk", "numbers", "claims")


def seeds_as_rows():
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in SEED_FILES]


def write_jsonl(path, rows, opener=open):
    with opener(path, "wt", encoding="utf-8") as handle:
        for row in rows:
            handle.write((row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n")


def write_csv(path, header, rows, encoding="utf-8", delimiter=","):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)


HOSTILE_JSONL = [
    {"id": "titled", "title": "Сторонники  кандидата\nв сёлах", "text": RU, "url": "https://e.kz/1",
     "source": "e.kz", "published": "7 декабря 2026 г., 14:05"},
    {"id": "no-text", "title": "Только заголовок", "text": ""},
    {"id": "bad-date", "text": RU, "published": "вчера вечером"},
    '{"id": "broken", "text": "Более 5 тыс.",, }',
    '["a list", "not an object"]',
    {"id": "titled", "text": "The same id again."},
    {"text": RU, "published": 1796652300},                   # no id: its line number
    {"id": 42, "text": RU, "published": "2026-12-07T14:05:00+05:00"},
    {"id": "huge", "text": "я" * 25_000_001},                # 50 MB: over ingest.max_bytes
    {"id": "last", "text": RU},
]


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    """One run over a folder of archives: the seeds as JSON Lines, as CSV, in Parquet and
    gzipped, and hostile files, each row case in its own row."""
    root = tmp_path_factory.mktemp("archives")
    src = root / "input"
    (src / "gz").mkdir(parents=True)
    write_jsonl(src / "seeds.jsonl", seeds_as_rows())
    write_csv(src / "seeds_table.csv", ["id", "text"], [[r["id"], r["text"]] for r in seeds_as_rows()])
    write_jsonl(src / "hostile.jsonl", HOSTILE_JSONL)
    with open(src / "hostile.jsonl", "ab") as handle:                # a line not in UTF-8
        handle.write(b'{"id": "cp1251", "text": "' + RU.encode("cp1251") + b'"}\n')
    with open(src / "hostile_csv.csv", "w", encoding="utf-8", newline="") as handle:
        handle.write('id,title,text\n'
                     'a,Первый,"' + RU + '"\n'
                     'b,"Незакрытая кавычка,текст\n'
                     'c,Третий,"' + RU + '\nВторой абзац."\n'
                     'd,x,y,лишнее поле\n'
                     'e,,\n'
                     'f,Последний,' + RU + '\n')
    write_csv(src / "excel.csv", ["id", "title", "text"], [["1", "Заголовок", RU]],
              encoding="cp1251", delimiter=";")
    write_csv(src / "no_text_column.tsv", ["id", "body"], [["1", RU]], delimiter="\t")
    (src / "empty.ndjson").write_bytes(b"")
    (src / "image.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    pq.write_table(pa.table({
        "id": pa.array([7, 8], pa.int64()), "text": [SEED_FILES[1].read_text(encoding="utf-8"), None],
        "published": pa.array([datetime(2026, 12, 7, 14, 5), None], pa.timestamp("s")),
        "unused": ["x", "y"]}), src / "seeds_parquet.parquet")
    write_jsonl(src / "gz" / "seed0.jsonl.gz", seeds_as_rows()[:1], opener=gzip.open)
    with gzip.open(src / "gz" / "seed0_text.txt.gz", "wb") as handle:
        handle.write(SEED_FILES[0].read_bytes())
    with gzip.open(src / "gz" / "page.html.gz", "wb") as handle:
        handle.write(f"<html><body><script>var n = 123456;</script><p>{RU}</p></body></html>".encode())
    noise = ["".join(hashlib.sha256(f"{i}.{j}".encode()).hexdigest() for j in range(40))
             for i in range(20)]                                                 # compresses little
    full = gzip.compress("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(noise)).encode())
    (src / "gz" / "cut.jsonl.gz").write_bytes(full[:len(full) // 2])            # a few rows, then cut
    (src / "gz" / "not_gzip.csv.gz").write_bytes(b"id,text\n1,plain\n")
    make_runner(src, root / "outputs").run()
    tables = {p.stem: pq.read_table(p).to_pylist() for p in (root / "outputs").glob("*.parquet")}
    return root, tables


def rows_of(tables, name):
    return {d["doc_id"]: d for d in tables["documents"] if d["doc_id"].startswith(name)}


def spans(tables, table, doc_id, fields):
    return [tuple(row[f] for f in fields) for row in tables[table] if row["doc_id"] == doc_id]


@pytest.mark.parametrize("file_id", ["seeds", "seeds_table"])
def test_seeds_as_one_archive_give_the_seeds_entities_and_claims(archives, seed_tables, file_id):
    tables = archives[1]
    for path in SEED_FILES:
        doc_id = f"{file_id}#{path.stem}"
        assert rows_of(tables, doc_id)[doc_id]["status"] == "ok"
        for table, fields in [("entities_ru", ("text", "label", "start", "end", "normal")),
                              ("entities_kk", ("text", "label", "start", "end")),
                              ("claims", ("text", "value", "qualifier", "unit", "start", "end",
                                          "object", "object_start", "object_end", "subject"))]:
            expected = spans(seed_tables, table, path.stem, fields)
            assert spans(tables, table, doc_id, fields) == expected, (doc_id, table)
        assert spans(tables, "claims", doc_id, ("value",)), doc_id


def test_offsets_exact_in_every_table(archives):
    tables = archives[1]
    texts = {d["doc_id"]: d["text"] for d in tables["documents"]}
    for name in SPAN_TABLES:
        for row in tables[name]:
            assert texts[row["doc_id"]][row["start"]:row["end"]] == row["text"], (name, row["doc_id"])


def test_title_is_the_first_paragraph(archives):
    tables = archives[1]
    row = rows_of(tables, "hostile#titled")["hostile#titled"]
    assert row["title"] == "Сторонники кандидата в сёлах"
    assert row["text"] == row["title"] + "\n\n" + RU and row["n_chars"] == len(row["text"])
    assert (row["url"], row["source"], row["status"], row["error"]) == ("https://e.kz/1", "e.kz", "ok", None)
    assert row["published"] == datetime(2026, 12, 7, 14, 5, tzinfo=timezone.utc)
    assert row["published_raw"] == "7 декабря 2026 г., 14:05"
    claims = [c for c in tables["claims"] if c["doc_id"] == "hostile#titled"]
    assert [(c["text"], c["value"]) for c in claims] == [("Более 5 тыс.", 5000)]
    assert claims[0]["start"] == len(row["title"]) + 2


@pytest.mark.parametrize("doc_id,status,error_parts", [
    ("hostile#no-text", "empty", ["hostile.jsonl: line 2 has no text in its 'text' column"]),
    ("hostile#bad-date", "ok", ["line 3", "'вчера вечером' is not a date"]),
    ("hostile@4", "malformed", ["hostile.jsonl: line 4 is not valid JSON", "column"]),
    ("hostile@5", "malformed", ["hostile.jsonl: line 5 is a JSON list"]),
    ("hostile@6", "duplicate", ["line 6 repeats the id 'titled'"]),
    ("hostile@7", "ok", None),
    ("hostile#42", "ok", None),
    ("hostile#huge", "too_large", ["line 9", "50000002 bytes", "ingest.max_bytes"]),
    ("hostile#last", "ok", None),
    ("hostile@11", "undecodable", ["hostile.jsonl: line 11 is not valid UTF-8"]),
    ("hostile_csv#a", "ok", None),
    ("hostile_csv@2", "malformed", ["hostile_csv.csv: row 2 (lines 3-4) has 2 fields where the header has 3"]),
    ("hostile_csv#c", "ok", None),
    ("hostile_csv@4", "malformed", ["hostile_csv.csv: row 4 (line 6) has 4 fields where the header has 3"]),
    ("hostile_csv#e", "empty", ["row 5 (line 7) has no text"]),
    ("hostile_csv#f", "ok", None),
    ("excel#1", "ok", None),
    ("no_text_column", "malformed", ["no_text_column.tsv: no 'text' column (its columns: id, body)",
                                     "--text-column"]),
    ("empty", "empty", ["empty.ndjson: the file holds no rows"]),
    ("image", "binary", ["image.jsonl: not a JSONL file: looks like a PNG image"]),
    ("gz/cut", "unreadable", ["gz/cut.jsonl.gz: cannot read past line", "end-of-stream"]),
    ("gz/not_gzip", "unreadable", ["gz/not_gzip.csv.gz: cannot read the file", "gzip"]),
    ("seeds_parquet#8", "empty", ["seeds_parquet.parquet: row 2 has no text"]),
])
def test_hostile_rows(archives, doc_id, status, error_parts):
    tables = archives[1]
    by_id = {d["doc_id"]: d for d in tables["documents"]}
    row = by_id[doc_id]
    assert row["status"] == status, row["error"]
    if error_parts is None:
        assert row["error"] is None
    for part in error_parts or []:
        assert part in row["error"], row["error"]
    analysed = {s["doc_id"] for s in tables["segments"]}
    assert (doc_id in analysed) == (status in ("ok", "repaired"))


def test_every_row_of_a_file_is_counted(archives):
    """Rows by file: the hostile JSON Lines file's 11 lines are 11 rows, and the CSV file's 6."""
    tables = archives[1]
    assert len(rows_of(tables, "hostile#")) + len(rows_of(tables, "hostile@")) == 11
    assert len(rows_of(tables, "hostile_csv")) == 6
    assert {d["path"].rsplit("/", 1)[1] for d in tables["documents"]} >= {"hostile.jsonl", "hostile_csv.csv"}
    assert len({d["doc_id"] for d in tables["documents"]}) == len(tables["documents"])


def test_rows_after_a_broken_quote_are_read_on(archives):
    row = rows_of(archives[1], "hostile_csv#c")["hostile_csv#c"]
    assert row["text"] == "Третий\n\n" + RU + "\nВторой абзац."


def test_dates_and_ids_of_numbered_rows(archives):
    by_id = {d["doc_id"]: d for d in archives[1]["documents"]}
    assert by_id["hostile@7"]["published"] == datetime(2026, 12, 7, 14, 5, tzinfo=timezone.utc)
    assert by_id["hostile@7"]["published_raw"] == "1796652300"
    assert by_id["hostile#42"]["published"] == datetime(2026, 12, 7, 9, 5, tzinfo=timezone.utc)
    assert by_id["hostile#bad-date"]["published"] is None
    assert by_id["hostile#bad-date"]["published_raw"] == "вчера вечером"
    assert by_id["hostile#huge"]["text"] is None


def test_excel_csv_in_cp1251_with_semicolons(archives):
    tables = archives[1]
    row = rows_of(tables, "excel#1")["excel#1"]
    assert (row["encoding"], row["text"]) == ("cp1251", "Заголовок\n\n" + RU)
    assert [c["value"] for c in tables["claims"] if c["doc_id"] == "excel#1"] == [5000]


def test_parquet_rows(archives, seed_tables):
    tables = archives[1]
    row = rows_of(tables, "seeds_parquet#7")["seeds_parquet#7"]
    assert row["text"] == SEED_FILES[1].read_text(encoding="utf-8")
    assert row["published"] == datetime(2026, 12, 7, 14, 5, tzinfo=timezone.utc)
    assert row["published_raw"] == "2026-12-07T14:05:00"
    fields = ("text", "value", "start", "end", "object")
    assert spans(tables, "claims", "seeds_parquet#7", fields) == spans(seed_tables, "claims", SEED_FILES[1].stem, fields)


def test_gzipped_files_read_as_their_plain_selves(archives, seed_tables):
    tables = archives[1]
    by_id = {d["doc_id"]: d for d in tables["documents"]}
    seed = SEED_FILES[0]
    assert by_id["gz/seed0_text"]["text"] == by_id[f"gz/seed0#{seed.stem}"]["text"]
    assert by_id["gz/seed0_text"]["sha256"] == seed_tables["documents"][0]["sha256"]
    fields = ("text", "value", "start", "end")
    for doc_id in ("gz/seed0_text", f"gz/seed0#{seed.stem}"):
        assert spans(tables, "claims", doc_id, fields) == spans(seed_tables, "claims", seed.stem, fields)
    page = by_id["gz/page"]
    assert (page["status"], page["encoding"], page["text"]) == ("ok", "utf-8+html", RU)


def test_one_file_as_input(tmp_path):
    src = tmp_path / "news.jsonl.gz"
    write_jsonl(src, seeds_as_rows()[:2], opener=gzip.open)
    make_runner(src, tmp_path / "out").run(["ingest"])
    rows = pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()
    assert [r["doc_id"] for r in rows] == [f"news#{p.stem}" for p in SEED_FILES[:2]]
    assert rows[0]["path"] == str(src)


def test_column_names_are_settings_and_in_the_cache_key(tmp_path):
    from pipeline.config import load_config

    src = tmp_path / "in"
    src.mkdir()
    write_csv(src / "export.csv", ["guid", "headline", "body", "date"],
              [["x1", "Заголовок", RU, "07.12.2026 14:05"]])
    make_runner(src, tmp_path / "out").run(["ingest"])
    first = pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()
    assert first[0]["status"] == "malformed" and "no 'text' column" in first[0]["error"]
    config = load_config()
    config["ingest"].update(id_column="guid", title_column="headline", text_column="body",
                            published_column="date")
    assert make_runner(src, tmp_path / "out", config).run(["ingest"]) == {"ingest": "ran"}
    [row] = pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()
    assert (row["doc_id"], row["text"]) == ("export#x1", "Заголовок\n\n" + RU)
    assert row["published"] == datetime(2026, 12, 7, 14, 5, tzinfo=timezone.utc)


def test_cli_column_options(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    src = tmp_path / "export.tsv"
    write_csv(src, ["guid", "body"], [["x1", RU]], delimiter="\t")
    result = CliRunner().invoke(app, ["run", "ingest", "--input", str(src), "--output",
                                      str(tmp_path / "out"), "--text-column", "body", "--id-column", "guid"])
    assert result.exit_code == 0, result.output
    [row] = pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()
    assert (row["doc_id"], row["text"], row["status"]) == ("export#x1", RU, "ok")


def _run_logged(input_dir, output_dir, stages=None):
    runner = make_runner(input_dir, output_dir)
    events = []
    runner.on_event = lambda stage, message: events.append((stage, message))
    return runner.run(stages), events


def test_an_edited_row_is_the_only_document_recomputed(archives, tmp_path):
    """One row of the seeds' JSON Lines file changes: ingest reads the file again, and every
    per-document stage recomputes that document alone (the file's other rows keep their doc_id
    and hash), writing what a full run writes."""
    root = archives[0]
    shutil.copytree(root / "input", tmp_path / "input")
    shutil.copytree(root / "outputs", tmp_path / "outputs")
    rows = seeds_as_rows()
    rows[1]["text"] = rows[1]["text"].replace("5 тыс.", "6 тыс.")
    write_jsonl(tmp_path / "input" / "seeds.jsonl", rows)
    _, events = _run_logged(tmp_path / "input", tmp_path / "outputs")
    n_documents = len(archives[1]["documents"])
    for stage in ("language", "tokens", "ner_ru", "ner_kk", "numbers", "claims"):
        assert (stage, f"1 new or changed documents, {n_documents - 1} reused") in events
    claims = pq.read_table(tmp_path / "outputs" / "claims.parquet").to_pylist()
    assert 6000 in {c["value"] for c in claims if c["doc_id"] == f"seeds#{SEED_FILES[1].stem}"}


def test_an_unchanged_archive_keeps_its_rows_unread(tmp_path):
    """Ingest alone: of two archives, the unchanged one's rows come from the previous output,
    and the file is what a full run writes."""
    src = tmp_path / "in"
    src.mkdir()
    write_jsonl(src / "a.jsonl", seeds_as_rows()[:3])
    write_jsonl(src / "b.jsonl", seeds_as_rows()[3:])
    make_runner(src, tmp_path / "out").run(["ingest"])
    write_jsonl(src / "b.jsonl", seeds_as_rows()[3:] + [{"id": "new", "text": RU}])
    _, events = _run_logged(src, tmp_path / "out", ["ingest"])
    assert ("ingest", "1 new or changed files read, 1 unchanged reused") in events
    make_runner(src, tmp_path / "full").run(["ingest"])
    assert (tmp_path / "out" / "documents.parquet").read_bytes() == (tmp_path / "full" / "documents.parquet").read_bytes()


def test_utf16_tsv(tmp_path):
    """Excel's "Unicode text" is UTF-16 with tabs."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "export.tsv").write_bytes(codecs.BOM_UTF16_LE + f"id\ttext\r\n1\t{RU}\r\n".encode("utf-16-le"))
    make_runner(src, tmp_path / "out").run(["ingest"])
    [row] = pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()
    assert (row["doc_id"], row["text"], row["encoding"]) == ("export#1", RU, "utf-16")


def test_file_ids():
    from pipeline.inputs import file_ids

    assert file_ids(["2026/12/news.jsonl.gz", "a.txt", "a.html", "b.TXT", "c.d.csv"]) == {
        "2026/12/news.jsonl.gz": "2026/12/news", "a.txt": "a.txt", "a.html": "a.html",
        "b.TXT": "b", "c.d.csv": "c.d"}


def test_a_file_sanaq_does_not_read_is_refused(tmp_path):
    from pipeline.errors import UsageError

    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    with pytest.raises(UsageError, match=r"cannot read .*notes.docx: sanaq reads .txt, .html"):
        make_runner(tmp_path / "notes.docx", tmp_path / "out").run()
