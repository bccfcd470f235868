"""The hard cases of ../shared/CLAIMS.md as tables of real sentences (tests/data/claims_hard_cases_*.tsv,
expected values written by hand from the text), run through the whole pipeline: each row asserts
what its figure is about (object head lemma), who says it, and whether it changed. The cases sanaq
does not get right yet are listed, with what is wrong, in claims_hard_cases_open.tsv: they run as
strict expected failures, so one that starts passing fails the suite until it leaves that list."""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.evaluation.claims import same_speaker
from pipeline.evaluation.claims_dev import read_tsv
from tests.conftest import make_runner

DATA = Path(__file__).parent / "data"
LANGS = ("ru", "kk")


def cases(lang: str) -> list[dict]:
    return [{**row, "lang": lang, "doc_id": f"{lang}_{i:03d}"}
            for i, row in enumerate(read_tsv(DATA / f"claims_hard_cases_{lang}.tsv"))]


OPEN = {row["id"]: row for row in read_tsv(DATA / "claims_hard_cases_open.tsv")}
ALL = [row for lang in LANGS for row in cases(lang)]


def _param(row: dict):
    marks = [pytest.mark.xfail(strict=True, reason=OPEN[row["doc_id"]]["what is wrong"])] if row["doc_id"] in OPEN else []
    return pytest.param(row, id=f"{row['doc_id']}-{row['case']}", marks=marks)


@pytest.fixture(scope="module")
def claims_by_doc(tmp_path_factory) -> dict[str, list[dict]]:
    base = tmp_path_factory.mktemp("conventions")
    (base / "input").mkdir()
    for row in ALL:
        text = (row["context"] + "\n" if row["context"] else "") + row["sentence"] + "\n"
        (base / "input" / f"{row['doc_id']}.txt").write_text(text, encoding="utf-8")
    make_runner(base / "input", base / "outputs").run()
    found: dict[str, list[dict]] = {}
    for claim in pq.read_table(base / "outputs" / "claims.parquet").to_pylist():
        found.setdefault(claim["doc_id"], []).append(claim)
    return found


def _claim(row: dict, claims_by_doc: dict) -> dict:
    offset = len(row["context"]) + 1 if row["context"] else 0
    start = offset + row["sentence"].index(row["figure"])
    end = start + len(row["figure"])
    found = [c for c in claims_by_doc.get(row["doc_id"], []) if c["start"] < end and start < c["end"]]
    assert found, f"no claim at {row['figure']!r} in {row['sentence']!r}"
    return min(found, key=lambda c: abs(c["start"] - start))


@pytest.mark.parametrize("row", [_param(row) for row in ALL])
def test_convention(row, claims_by_doc):
    claim = _claim(row, claims_by_doc)
    got = {"object": (claim["object_head"] or "").replace("ё", "е"),
           "speaker": same_speaker(row["subject"], claim["subject"]),
           "change": (claim["change"] or "", claim["change_role"] or "")}
    want = {"object": row["object_head"], "speaker": True, "change": (row["change"], row["change_role"])}
    assert got == want, f"{row['source']}: {row['sentence']!r} ({claim['subject']!r})"


def test_each_language_has_sixty_cases():
    for lang in LANGS:
        assert len(cases(lang)) >= 60


def test_open_cases_name_real_rows():
    by_id = {row["doc_id"]: row for row in ALL}
    for case_id, row in OPEN.items():
        assert case_id in by_id and by_id[case_id]["figure"] == row["figure"], \
            f"{case_id} ({row['figure']!r}) in claims_hard_cases_open.tsv is no hard case"
