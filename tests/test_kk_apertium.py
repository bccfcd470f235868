"""The Apertium Kazakh analyser (models/apertium-kaz/, hfst-proc | cg-proc) on real Kazakh."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline import kk_apertium
from pipeline.errors import ModelError
from pipeline.kk_apertium import Analyser, ApertiumMissing, analyse

# Only where the Debian packages cannot be installed (make setup installs them as root).
needs_apertium = pytest.mark.skipif(
    shutil.which("hfst-proc") is None or shutil.which("cg-proc") is None,
    reason="hfst/cg3 not installed (make setup or make apertium-kaz installs them)")

SENTENCE = ["Тоқаев", "тұрғындарының", "бағасы", "туралы", "деді", "."]


@needs_apertium
def test_sentence():
    toqaev, residents, price, about, said, stop = analyse(SENTENCE)
    assert (toqaev.lemma, toqaev.pos, toqaev.known) == ("Тоқаев", "np", True)
    assert toqaev.tags[-1] == "nom"
    assert residents.lemma == "тұрғын"
    assert {"pl", "px3sp", "gen"} <= set(residents.tags)
    assert (price.lemma, price.pos, price.tags) == ("баға", "n", ("n", "px3sp", "nom"))
    assert (about.lemma, about.pos) == ("туралы", "post")
    assert (said.lemma, said.pos) == ("де", "v")
    assert {"ifi", "p3"} <= set(said.tags)
    assert (stop.lemma, stop.pos) == (".", "sent")
    assert [a.surface for a in analyse(SENTENCE)] == SENTENCE


@needs_apertium
def test_cases_numbers_and_names():
    words = ["Алматыда", "2024", "жылы", "Қазақстан", "Республикасының", "Президенті",
             "5", "млрд", "теңгеден", "астам", "қаражат", "бөлінді", "."]
    got = {a.surface: a for a in analyse(words)}
    assert (got["Алматыда"].lemma, got["Алматыда"].tags) == ("Алматы", ("np", "top", "loc"))
    assert (got["жылы"].lemma, got["жылы"].tags) == ("жыл", ("n", "px3sp", "nom"))
    assert got["2024"].pos == "num"
    assert got["Республикасының"].lemma == "республика"          # dictionary case
    assert got["Республикасының"].tags == ("n", "px3sp", "gen")
    assert got["Президенті"].lemma == "президент"
    assert (got["теңгеден"].lemma, got["теңгеден"].tags[-1]) == ("теңге", "abl")
    assert got["бөлінді"].pos == "v"


@needs_apertium
def test_hyphenated_unknown_and_special_tokens():
    event, covid, percent, slash, empty, odd = analyse(
        ["Іс-шарасына", "COVID-19", "5%", "a/b^c$", "", "щщщщ"])
    assert (event.lemma, event.tags, event.known) == ("іс-шара", ("n", "px3sp", "dat"), True)
    assert covid.lemma == "COVID-19" and not covid.known
    assert percent.lemma == "5" and percent.pos == "num"
    assert slash.surface == "a/b^c$" and not slash.known
    assert (empty.surface, empty.lemma, empty.known) == ("", "", False)
    assert (odd.lemma, odd.pos, odd.tags, odd.known) == ("щщщщ", "", (), False)


@needs_apertium
def test_batches_and_determinism():
    assert analyse([]) == []
    first = analyse(SENTENCE)
    analyse(["Ол", "кеше", "келмеді", "!"] * 50)
    with Analyser() as fresh:
        assert fresh.analyse(SENTENCE) == first
    big = SENTENCE * 3000                   # 18,000 tokens: larger than a pipe buffer
    assert analyse(big)[-6:] == first


@needs_apertium
def test_readings_without_grammar():
    with Analyser(disambiguate=False) as bare:
        readings = bare.readings(["жылы"])[0]
    assert {("жыл", "n"), ("жылы", "adj")} <= {(a.lemma, a.pos) for a in readings}


def test_missing_files_name_the_fix(tmp_path: Path):
    with pytest.raises(ApertiumMissing) as err:
        Analyser(model_dir=tmp_path)
    message = str(err.value)
    assert "kaz.automorf.hfst" in message and "make apertium-kaz" in message
    assert isinstance(err.value, ModelError) and "\n" not in message


def test_missing_program_names_the_fix(monkeypatch):
    monkeypatch.setattr(kk_apertium.shutil, "which",
                        lambda name: None if name == "hfst-proc" else "/usr/bin/" + name)
    with pytest.raises(ApertiumMissing, match=r"missing hfst-proc; run `make apertium-kaz`"):
        kk_apertium.check()
