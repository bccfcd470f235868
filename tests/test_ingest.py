"""Hostile input: every file gets a row with a status a person understands; offsets stay exact."""
import codecs

import pyarrow.parquet as pq
import pytest

from pipeline.kk_latin import alphabet_of, transliterate
from tests.conftest import make_runner

RU = "Более 5 тыс. сельских населенных пунктов посетили сторонники кандидата."
KK = "Қасым-Жомарт Тоқаевтың жақтастары 42 қала мен 5000-нан астам ауылды аралады."


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    src = root / "input"
    (src / "nested" / "deeper").mkdir(parents=True)
    files = {
        "empty.txt": b"",
        "blank.txt": b"  \n\t\n  ",
        "image.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "cp1251.txt": RU.encode("cp1251"),
        "utf16.txt": codecs.BOM_UTF16_LE + RU.encode("utf-16-le"),
        "utf8bom.txt": codecs.BOM_UTF8 + KK.encode("utf-8"),
        "crlf.txt": (RU + "\r\n\r\n" + "Проведено 24 тыс. мероприятий.\r\n").encode("utf-8"),
        "cut.txt": KK.encode("utf-8") + "ә".encode("utf-8")[:1],
        "noise.txt": bytes((i * 37 + 11) % 128 + 128 for i in range(3000)),
        "glitch.txt": RU.encode("utf-8") * 20 + b"\xff\xfe" + RU.encode("utf-8") * 20,
        "page.txt": ("<!doctype html><html><head><style>.x{width:999px}</style>"
                     "<script>var views = 123456;</script></head><body><p>" + RU +
                     "</p><div>Проведено 24 тыс. мероприятий.</div></body></html>").encode("utf-8"),
        "english.txt": b"The president said 44 foreign media outlets from 37 countries visited.",
        "latin_kk.txt": "Qazaqstan Respýblıkasynyń Prezıdenti 42 qalaǵa bardy.".encode("utf-8"),
        "long line.txt": (("Проведено 24 тыс. мероприятий, " * 38000) + "конец.").encode("utf-8"),
        "файл с пробелами.txt": RU.encode("utf-8"),
        "nested/deeper/doc.txt": KK.encode("utf-8"),
        "not-text.md": b"ignored: only *.txt is input",
    }
    for name, data in files.items():
        (src / name).write_bytes(data)
    make_runner(src, root / "outputs").run()
    tables = {p.stem: pq.read_table(p).to_pylist() for p in (root / "outputs").glob("*.parquet")}
    return src, tables


def doc(tables, doc_id):
    rows = [d for d in tables["documents"] if d["doc_id"] == doc_id]
    assert rows, f"{doc_id} missing from documents"
    return rows[0]


def test_every_txt_file_has_a_row(hostile):
    src, tables = hostile
    expected = sorted(p.relative_to(src).with_suffix("").as_posix() for p in src.rglob("*.txt"))
    assert sorted(d["doc_id"] for d in tables["documents"]) == expected


@pytest.mark.parametrize("doc_id,status,error_part", [
    ("empty", "empty", "empty"),
    ("blank", "empty", "whitespace"),
    ("image", "binary", "PNG"),
    ("cut", "repaired", "truncated"),
    ("glitch", "repaired", "replaced with U+FFFD"),
    ("noise", "undecodable", "re-save it as UTF-8"),
])
def test_statuses(hostile, doc_id, status, error_part):
    row = doc(hostile[1], doc_id)
    assert row["status"] == status
    assert error_part in row["error"]


@pytest.mark.parametrize("doc_id,encoding", [
    ("cp1251", "cp1251"), ("utf16", "utf-16"), ("utf8bom", "utf-8-sig"), ("crlf", "utf-8"),
    ("page", "utf-8+html"), ("файл с пробелами", "utf-8"), ("nested/deeper/doc", "utf-8"),
])
def test_decodable_files_carry_their_encoding(hostile, doc_id, encoding):
    row = doc(hostile[1], doc_id)
    assert (row["status"], row["encoding"]) == ("ok", encoding)


def test_other_encodings_yield_the_same_claim(hostile):
    claims = hostile[1]["claims"]
    for doc_id in ("cp1251", "utf16", "crlf", "page", "файл с пробелами"):
        found = [c for c in claims if c["doc_id"] == doc_id and c["text"] == "Более 5 тыс."]
        assert found and found[0]["value"] == 5000 and found[0]["object"] == "сельских населенных пунктов", doc_id


def test_html_scripts_are_not_read(hostile):
    page = doc(hostile[1], "page")
    assert "123456" not in page["text"] and "999px" not in page["text"]
    assert not [n for n in hostile[1]["numbers"] if n["doc_id"] == "page" and n["value"] == 123456]


def test_other_languages_get_no_ner(hostile):
    tables = hostile[1]
    assert {s["lang"] for s in tables["segments"] if s["doc_id"] == "english"} == {"other"}
    assert [e for e in tables["entities_ru"] + tables["entities_kk"] if e["doc_id"] == "english"] == []


def test_latin_kazakh_is_read_as_kazakh(hostile):
    """Issue 17: Latin-script Kazakh is Kazakh, its spans as written in Latin."""
    tables = hostile[1]
    text = doc(tables, "latin_kk")["text"]
    assert {(s["lang"], s["script"]) for s in tables["segments"] if s["doc_id"] == "latin_kk"} == {("kk", "latin")}
    rows = [r for name in ("entities_kk", "numbers") for r in tables[name] if r["doc_id"] == "latin_kk"]
    assert [(n["value"], n["text"]) for n in tables["numbers"] if n["doc_id"] == "latin_kk"] == [(42, "42")]
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)


def test_offsets_exact_whatever_the_encoding(hostile):
    tables = hostile[1]
    texts = {d["doc_id"]: d["text"] for d in tables["documents"]}
    for name in ("segments", "tokens", "entities_ru", "entities_kk", "numbers", "claims"):
        for row in tables[name]:
            written = texts[row["doc_id"]][row["start"]:row["end"]]
            if name == "tokens" and row["doc_id"] == "latin_kk":    # a token's text is the word as analysed
                written = transliterate(written, alphabet_of(texts["latin_kk"])).text.rstrip()
            assert written == row["text"]


def test_long_single_line_is_processed(hostile):
    row = doc(hostile[1], "long line")
    assert row["status"] == "ok" and len(row["text"].encode("utf-8")) > 2_000_000
    n = [c for c in hostile[1]["claims"] if c["doc_id"] == "long line"]
    assert len(n) == 38000


def test_zero_input_files(tmp_path):
    (tmp_path / "in").mkdir()
    make_runner(tmp_path / "in", tmp_path / "out").run()
    assert pq.read_table(tmp_path / "out" / "documents.parquet").num_rows == 0
    assert pq.read_table(tmp_path / "out" / "claims.parquet").num_rows == 0


def test_unreadable_file(tmp_path):
    """A link to nowhere stands for a file that cannot be opened (root can open anything else)."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_text(RU, encoding="utf-8")
    (src / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    make_runner(src, tmp_path / "out").run()
    rows = {r["doc_id"]: r for r in pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()}
    assert rows["broken"]["status"] == "unreadable" and "No such file" in rows["broken"]["error"]
    assert rows["ok"]["status"] == "ok"
    assert [c["value"] for c in pq.read_table(tmp_path / "out" / "claims.parquet").to_pylist()] == [5000]


def test_file_vanishing_mid_run(tmp_path):
    """A file listed but gone before it is read is recorded as unreadable, not a crash."""
    from pipeline.stages.ingest import read_document

    row = read_document(tmp_path / "gone.txt", "gone", 10_000)
    assert row["status"] == "unreadable" and "No such file" in row["error"]
