"""The region's other languages come out `other`, never `kk` or `ru`, and get no Kazakh or
Russian analysis; Kazakh and Russian keep their labels (tests/data/region_languages.tsv)."""
import csv
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.config import load_config
from pipeline.langid import detect
from pipeline.stages.language import segment_document
from tests.conftest import make_runner

DATA = Path(__file__).parent / "data" / "region_languages.tsv"
CANDIDATES = tuple(load_config()["language"]["candidates"])


def _rows() -> list[dict]:
    with open(DATA, encoding="utf-8") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))


ROWS = _rows()
LANGS = sorted({r["lang"] for r in ROWS})


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['lang']}:{r['text'][:25]}")
def test_a_sentence_alone_is_never_misread(row):
    """Alone, a sentence of another language is `other` or undecided (its neighbours decide)."""
    lang, _ = detect(row["text"], CANDIDATES)
    if row["expected"] == "other":
        assert lang in ("other", None)
    else:
        assert lang == row["expected"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_document_of_each_language_gets_its_label(lang):
    rows = [r for r in ROWS if r["lang"] == lang]
    text = "\n".join(r["text"] for r in rows) + "\n"
    labels = [s["lang"] for s in segment_document("d", text, CANDIDATES, 12)]
    assert labels == [r["expected"] for r in rows]


def test_kyrgyz_and_uzbek_documents_get_no_numbers_and_no_kazakh_entities(tmp_path):
    src = tmp_path / "input"
    src.mkdir()
    for lang in ("ky", "uz", "uz-latn"):
        (src / f"{lang}.txt").write_text("\n\n".join(r["text"] for r in ROWS if r["lang"] == lang), encoding="utf-8")
    out = tmp_path / "out"
    make_runner(src, out).run(["ingest", "language", "tokens", "ner_kk", "numbers"])
    assert set(pq.read_table(out / "segments.parquet").column("lang").to_pylist()) == {"other"}
    assert pq.read_table(out / "numbers.parquet").num_rows == 0
    assert pq.read_table(out / "entities_kk.parquet").num_rows == 0
