"""Kazakh tokenisation rules, sentence splitting and language routing on real sentences."""
import pytest
import spacy

from pipeline.config import load_config
from pipeline.kk_lang import blank
from pipeline.segment import split_sentences
from pipeline.stages.language import segment_document
from tests.conftest import KAZNERD

CANDIDATES = tuple(load_config()["language"]["candidates"])


def test_spacy_has_our_kazakh_language():
    assert spacy.blank("kk").lang == "kk"


@pytest.mark.parametrize("text,expected", [
    ("Қасым-Жомарт Тоқаевтың жақтастары", ["Қасым-Жомарт", "Тоқаевтың", "жақтастары"]),
    ("24 мың үгіт-насихат іс-шарасына", ["24", "мың", "үгіт-насихат", "іс-шарасына"]),
    ("5000-нан астам ауылды", ["5000-нан", "астам", "ауылды"]),
    ("Корея, Үндістан және т.б. елдерден", ["Корея", ",", "Үндістан", "және", "т.б.", "елдерден"]),
    ("ҚР Парламенті Мәжілісі", ["ҚР", "Парламенті", "Мәжілісі"]),
    ("«Nur Otan» партиясы", ["«", "Nur", "Otan", "»", "партиясы"]),
    # KazNERD keeps a case ending on its sign: PERCENTAGE spans end inside "%-ы" otherwise
    ("тұрғындардың 74,9 %-ы Президентке сенеді", ["тұрғындардың", "74,9", "%-ы", "Президентке", "сенеді"]),
    ("Шәкіртақының 25%-ке көтерілуі", ["Шәкіртақының", "25", "%-ке", "көтерілуі"]),
])
def test_kazakh_tokens(text, expected):
    assert [t.text for t in blank("kk")(text)] == expected


@pytest.mark.parametrize("text,n", [
    ("Үндістан және т.б. елдерден келген журналистер бар. Олар келді.", 2),
    ("Ол 2022 ж. Астанада болды. Кездесу өтті.", 2),
    ("Әлемнің 37 елінен 44 шетелдік БАҚ келді\n\n0\n516\n\nОлардың қатарында АҚШ бар.", 4),
])
def test_sentences(text, n):
    assert len(split_sentences(text)) == n


def test_kaznerd_sentences_are_routed_to_kazakh():
    from pipeline.training.kaznerd import read_conll

    sentences = read_conll(KAZNERD / "IOB2_valid.txt")[:400]
    text = "\n".join(" ".join(tok for tok, _ in s) for s in sentences)
    langs = [r["lang"] for r in segment_document("d", text, CANDIDATES, 12)]
    assert langs.count("kk") / len(langs) > 0.99


def test_russian_kazakh_and_english_lines():
    text = ("Проведено 24 тыс. агитационных мероприятий.\n"
            "Штаб мүшелеріне рахмет жұмысты жақсы ұйымдастырды\n"
            "The president said the campaign reached every village.\n")
    assert [r["lang"] for r in segment_document("d", text, CANDIDATES, 12)] == ["ru", "kk", "other"]


def test_a_russian_sentence_of_latin_names_stays_russian():
    """NEREL train/18330: more Latin letters than Cyrillic, wiki quotes ('') that look like the 2017
    apostrophe alphabet; the Cyrillic words say Russian, so it is no Latin-script Kazakh."""
    text = ("За десять лет в НХЛ Комри поиграл за шесть команд (''Edmonton Oilers'', ''Philadelphia Flyers'', "
            "''Phoenix Coyotes'', ''Ottawa Senators'', ''New York Islanders'' и ''Pittsburgh Penguins'').\n")
    assert [r["lang"] for r in segment_document("d", text, CANDIDATES, 12)] == ["ru"]


def test_latin_the_transliteration_leaves_latin_is_decided_once():
    """"WWF" read in Cyrillic is still Latin: deciding it again sent the language stage into
    endless recursion."""
    text = "Фонд WWF провёл акцию.\nWWF\nxxx\nWow Wow Wow\n"
    assert [r["lang"] for r in segment_document("d", text, CANDIDATES, 1)][0] == "ru"


def test_latin_kazakh_the_identifier_takes_for_uzbek_is_kazakh():
    """Letters Uzbek never writes (ñ, ı, ğ) outweigh the identifier's "uz" at 0.99."""
    text = "Qazaqstan Respublikasynyñ Prezidentı Qasym-Jomart Toqaev jaña zañğa qol qoidy.\n"
    assert [r["lang"] for r in segment_document("d", text, CANDIDATES, 12)] == ["kk"]


def test_ukrainian_name_and_bare_name_in_russian_news_stay_russian():
    """Collection5 lines that were once routed to Kazakh: a Ukrainian company name ("і" twice)
    inside a Russian sentence, and a name alone on a line under a Russian article."""
    text = ("Министром инфраструктуры в новом кабинете стал генеральный директор \"Укрзалізниці\" "
            "(\"Украинских железных дорог\") Владимир Козак, сменивший на этом посту Бориса Колесникова.\n"
            "Премьер-министр Палестинской автономии подал в отставку, сообщили в его канцелярии.\n"
            "Рами Хамдалла\n")
    assert [r["lang"] for r in segment_document("d", text, CANDIDATES, 12)] == ["ru", "ru", "ru"]


def test_token_ids_run_on_across_the_tokenizer_chunks():
    """A document whose sentences straddle the stage's 1,000-sentence chunks keeps numbering."""
    from pipeline.stages.tokens import tokenize_segments

    segments = [{"doc_id": "d", "sent_id": i, "start": 6 * i, "text": "Да, да", "lang": "ru"}
                for i in range(1500)]
    tokenizers, token_ids, rows = {}, {}, []
    for i in range(0, 1500, 1000):
        rows += tokenize_segments(segments[i:i + 1000], tokenizers, token_ids)
    assert [r["token_id"] for r in rows] == list(range(4500))
