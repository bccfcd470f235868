"""Latin-script Kazakh (issue 17): recognised as Kazakh, read in Cyrillic for tokens, NER, numbers
and claims, every offset into the Latin text as written. The sentences are real Kazakh news
(seeds, KazNERD valid) with their Latin versions written by hand (tests/data/kk_latin_sentences.tsv)."""
import csv
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.kk_latin import alphabet_of, transliterate
from tests.conftest import make_runner

DATA = Path(__file__).parent / "data" / "kk_latin_sentences.tsv"


def _rows() -> list[dict]:
    with open(DATA, encoding="utf-8") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))


ROWS = _rows()
VARIANTS = sorted({r["variant"] for r in ROWS})
# Cyrillic that the Latin alphabets cannot tell apart: Х and Һ are both H.
UNTOLD = str.maketrans("һ", "х")


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['variant']}:{r['latin'][:25]}")
def test_transliteration_reads_the_cyrillic_back(row):
    read = transliterate(row["latin"])
    assert len(read.text) == len(row["latin"])
    unfilled = "".join(ch for at, ch in enumerate(read.text) if at not in read.fillers)
    assert unfilled == row["cyrillic"].translate(UNTOLD)
    assert alphabet_of(row["latin"]).name == row["variant"]


def test_fillers_keep_words_where_they_are_written():
    read = transliterate("Ai' sai'yn 10000 ten'gedei' to'lei'miz.")
    assert read.text == "Ай  сайын  10000 теңгедей   төлейміз  ."
    assert read.end(2) == 3 and read.end(1) == 1 and read.end(25) == 27


def _documents() -> dict[str, list[str]]:
    """Each sentence a paragraph: a Cyrillic and a Latin document per alphabet, and a mixed one
    (2021) whose paragraphs alternate between the scripts."""
    docs = {}
    for variant in VARIANTS:
        rows = [r for r in ROWS if r["variant"] == variant]
        docs[f"cyr_{variant}"] = [r["cyrillic"] for r in rows]
        docs[f"lat_{variant}"] = [r["latin"] for r in rows]
    rows = [r for r in ROWS if r["variant"] == "2021"]
    docs["mixed_2021"] = [r["cyrillic"] if i % 2 == 0 else r["latin"] for i, r in enumerate(rows)]
    return docs


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    base = tmp_path_factory.mktemp("kk_latin")
    (base / "input").mkdir()
    for doc_id, paragraphs in _documents().items():
        (base / "input" / f"{doc_id}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    make_runner(base / "input", base / "out").run()
    return {name: pq.read_table(base / "out" / f"{name}.parquet").to_pylist()
            for name in ("documents", "segments", "tokens", "entities_kk", "numbers", "claims")}


def _by_paragraph(run, table: str, doc_id: str) -> dict[int, list[dict]]:
    para = {s["sent_id"]: s["para_id"] for s in run["segments"] if s["doc_id"] == doc_id}
    grouped = defaultdict(list)
    for row in run[table]:
        if row["doc_id"] == doc_id:
            grouped[para[row["sent_id"]]].append(row)
    return grouped


def _latin_docs():
    return [d for d in _documents() if not d.startswith("cyr_")]


def _twin(doc_id: str) -> str:
    return "cyr_" + doc_id.split("_")[1]


@pytest.mark.parametrize("doc_id", _latin_docs())
def test_latin_sentences_are_kazakh_in_latin_script(run, doc_id):
    latin = set(_documents()[doc_id]) - {r["cyrillic"] for r in ROWS}
    segments = [s for s in run["segments"] if s["doc_id"] == doc_id]
    assert {s["lang"] for s in segments} == {"kk"}
    assert {s["script"] for s in segments if s["text"] in latin} == {"latin"}
    assert {s["script"] for s in segments if s["text"] not in latin} <= {"cyrillic"}


@pytest.mark.parametrize("doc_id", _latin_docs())
def test_numbers_are_those_of_the_cyrillic_original(run, doc_id):
    def figures(grouped):
        return {p: [(n["value"], n["qualifier"], n["unit"], n["kind"], n["is_claim"]) for n in rows]
                for p, rows in grouped.items()}
    latin = figures(_by_paragraph(run, "numbers", doc_id))
    assert latin == figures(_by_paragraph(run, "numbers", _twin(doc_id)))
    assert sum(map(len, latin.values())) >= len(_documents()[doc_id])


@pytest.mark.parametrize("doc_id", _latin_docs())
def test_claim_objects_are_those_of_the_cyrillic_original(run, doc_id):
    def objects(grouped):
        return {p: [(c["value"], c["object_lemma"]) for c in rows] for p, rows in grouped.items()}
    assert objects(_by_paragraph(run, "claims", doc_id)) == objects(_by_paragraph(run, "claims", _twin(doc_id)))


@pytest.mark.parametrize("doc_id", _latin_docs())
def test_every_offset_points_into_the_latin_text(run, doc_id):
    text = next(d["text"] for d in run["documents"] if d["doc_id"] == doc_id)
    for table in ("numbers", "entities_kk", "claims"):
        for row in (r for r in run[table] if r["doc_id"] == doc_id):
            assert text[row["start"]:row["end"]] == row["text"]
    for claim in (c for c in run["claims"] if c["doc_id"] == doc_id):
        assert claim["sentence"] in text
        if claim["object"] is not None:                  # the object as written, in Latin
            assert text[claim["object_start"]:claim["object_end"]].rstrip() == claim["object"].rstrip()
    for token in (t for t in run["tokens"] if t["doc_id"] == doc_id):
        written = text[token["start"]:token["end"]]
        assert written == written.strip() and len(written) >= len(token["text"])
