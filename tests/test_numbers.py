"""Number normalisation, one case a row: the phrase, then what a careful reader says it means.

Every numeric form in the five seeds is here, plus the forms news text uses that the seeds lack.
"""
import pytest

from pipeline.numbers import engines

E = engines(["configs/numbers_ru.toml", "configs/numbers_kk.toml"])

# (lang, sentence, span as written, value, qualifier, unit, kind)
CLAIMS = [
    # --- seeds, Russian
    ("ru", "44 иностранных СМИ из 37 стран мира посетили штаб", "44", 44, "exact", None, "count"),
    ("ru", "44 иностранных СМИ из 37 стран мира посетили штаб", "37", 37, "exact", None, "count"),
    ("ru", "посетили 42 города и более 5 тыс. сельских населенных пунктов", "42", 42, "exact", None, "count"),
    ("ru", "посетили 42 города и более 5 тыс. сельских населенных пунктов", "более 5 тыс.", 5000, "more_than", None, "count"),
    ("ru", "Проведено 24 тыс. агитационных мероприятий", "24 тыс.", 24000, "exact", None, "count"),
    ("ru", "с охватом 3 млн избирателей.", "3 млн", 3_000_000, "exact", None, "count"),
    ("ru", "собрано более 40 тыс. предложений и пожеланий граждан.", "более 40 тыс.", 40000, "more_than", None, "count"),
    ("ru", "Более 7,5 тысяч активистов распространили", "Более 7,5 тысяч", 7500, "more_than", None, "count"),
    ("ru", "распространили свыше трех миллионов агитационных материалов", "свыше трех миллионов", 3_000_000, "more_than", None, "count"),
    ("ru", "в предстоящие семь лет.", "семь", 7, "exact", None, "count"),
    ("ru", "их поступило свыше 40 тысяч, что свидетельствует", "свыше 40 тысяч", 40000, "more_than", None, "count"),
    ("ru", "Еще 15 общественных организаций присоединились", "15", 15, "exact", None, "count"),
    ("ru", "защитой прав человека более 30 лет.", "более 30", 30, "more_than", None, "count"),
    # --- seeds, Kazakh
    ("kk", "Әлемнің 37 елінен 44 шетелдік БАҚ келді", "37", 37, "exact", None, "count"),
    ("kk", "Әлемнің 37 елінен 44 шетелдік БАҚ келді", "44", 44, "exact", None, "count"),
    ("kk", "жақтастары 42 қала мен 5000-нан астам ауылды аралады", "42", 42, "exact", None, "count"),
    ("kk", "жақтастары 42 қала мен 5000-нан астам ауылды аралады", "5000-нан астам", 5000, "more_than", None, "count"),
    ("kk", "Олар өткізген 24 мың үгіт-насихат іс-шарасына", "24 мың", 24000, "exact", None, "count"),
    ("kk", "3 миллион сайлаушы қатысты.", "3 миллион", 3_000_000, "exact", None, "count"),
    ("kk", "азаматтардан 40 мыңнан астам ұсыныс пен тілек жиналды.", "40 мыңнан астам", 40000, "more_than", None, "count"),
    ("kk", "жалпы 1346 үгіт-насихат шарасы өтуі керек болса", "1346", 1346, "exact", None, "count"),
    ("kk", "нақты 3609 шара өтті.", "3609", 3609, "exact", None, "count"),
    ("kk", "Яғни жоспар 2 есеге артық орындалды.", "2 есеге артық", 2, "more_than", "times", "ratio"),
    ("kk", "бүгінге дейін  2546 үгіт-насихат кездесуі өтті.", "2546", 2546, "exact", None, "count"),
    ("kk", "кандидаттар 194 477 тұрғын үйде болды.", "194 477", 194477, "exact", None, "count"),
    ("kk", "тұрғын үйлердің 97,9 пайызын құрайды.", "97,9 пайызын", 97.9, "exact", "percent", "percent"),
    ("kk", "канвассинг форматында 636 кездесу", "636", 636, "exact", None, "count"),
    ("kk", "өңірдегі    371 елді-мекендегі 675   мыңнан астам сайлаушы қамтылды.", "371", 371, "exact", None, "count"),
    ("kk", "өңірдегі    371 елді-мекендегі 675   мыңнан астам сайлаушы қамтылды.", "675   мыңнан астам", 675000, "more_than", None, "count"),
    ("kk", "390 043 үгіт материал  жапсырылып", "390 043", 390043, "exact", None, "count"),
    ("kk", "облыс бойынша 60 орынға билборд ілінді.", "60", 60, "exact", None, "count"),
    ("kk", "әр сайлау учаскесіне 2 байқаушыдан    942 байқаушылар", "942", 942, "exact", None, "count"),
    # --- separators, decimals, scales
    ("ru", "жителей 194\u00a0477 человек", "194\u00a0477", 194477, "exact", None, "count"),
    ("ru", "жителей 194\u202f477 человек", "194\u202f477", 194477, "exact", None, "count"),
    ("ru", "жителей 1\u2009250\u2009000 человек", "1\u2009250\u2009000", 1250000, "exact", None, "count"),
    ("ru", "выделено 12 345 678 единиц", "12 345 678", 12345678, "exact", None, "count"),
    ("ru", "рост составил 2,5 раза", "2,5 раза", 2.5, "exact", "times", "ratio"),
    ("ru", "в 2 раза больше", "в 2 раза", 2, "exact", "times", "ratio"),
    ("ru", "выросла в 3,5 раза", "в 3,5 раза", 3.5, "exact", "times", "ratio"),
    ("ru", "выросло вдвое", "вдвое", 2, "exact", "times", "ratio"),
    ("ru", "потрачено 1,2 млрд тенге", "1,2 млрд тенге", 1.2e9, "exact", "KZT", "money"),
    ("ru", "стоимость 500 тыс. рублей", "500 тыс. рублей", 500000, "exact", "RUB", "money"),
    ("ru", "привлечено $5 млн инвестиций", "$5 млн", 5e6, "exact", "USD", "money"),
    ("ru", "займ на 300 млн долларов", "300 млн долларов", 3e8, "exact", "USD", "money"),
    ("ru", "цена 150 ₸ за литр", "150 ₸", 150, "exact", "KZT", "money"),
    ("ru", "составила 12 евро", "12 евро", 12, "exact", "EUR", "money"),
    ("ru", "явка составила 69,44%", "69,44%", 69.44, "exact", "percent", "percent"),
    ("ru", "поддержали 81,31 процента избирателей", "81,31 процента", 81.31, "exact", "percent", "percent"),
    ("ru", "около 40 процентов населения", "около 40 процентов", 40, "approx", "percent", "percent"),
    ("ru", "порядка 200 человек", "порядка 200", 200, "approx", None, "count"),
    ("ru", "почти 3 тысячи участников", "почти 3 тысячи", 3000, "approx", None, "count"),
    ("ru", "не менее 10 тысяч подписей", "не менее 10 тысяч", 10000, "at_least", None, "count"),
    ("ru", "не более 5 кандидатов", "не более 5", 5, "at_most", None, "count"),
    ("ru", "менее 2% голосов", "менее 2%", 2, "less_than", "percent", "percent"),
    ("ru", "примерно 1,5 млн человек", "примерно 1,5 млн", 1.5e6, "approx", None, "count"),
    ("ru", "свыше 1 200 наблюдателей", "свыше 1 200", 1200, "more_than", None, "count"),
    ("ru", "больше 100 участков", "больше 100", 100, "more_than", None, "count"),
    ("ru", "как минимум 12 регионов", "как минимум 12", 12, "at_least", None, "count"),
    ("ru", "5 тысяч с лишним жалоб", "5 тысяч с лишним", 5000, "more_than", None, "count"),
    # --- number words
    ("ru", "двадцать пять депутатов", "двадцать пять", 25, "exact", None, "count"),
    ("ru", "в двух тысячах школ", "двух тысячах", 2000, "exact", None, "count"),
    ("ru", "около трехсот наблюдателей", "около трехсот", 300, "approx", None, "count"),
    ("ru", "сто двадцать три участка", "сто двадцать три", 123, "exact", None, "count"),
    ("ru", "три тысячи пятьсот человек", "три тысячи пятьсот", 3500, "exact", None, "count"),
    ("ru", "полтора миллиона голосов", "полтора миллиона", 1.5e6, "exact", None, "count"),
    ("ru", "пяти миллиардов тенге", "пяти миллиардов тенге", 5e9, "exact", "KZT", "money"),
    ("kk", "бес мектеп салынды", "бес", 5, "exact", None, "count"),
    ("kk", "жиырма бес депутат", "жиырма бес", 25, "exact", None, "count"),
    ("kk", "екі жүз адам қатысты", "екі жүз", 200, "exact", None, "count"),
    ("kk", "үш мың сайлаушы", "үш мың", 3000, "exact", None, "count"),
    ("kk", "бес миллионға жуық адам", "бес миллионға жуық", 5e6, "approx", None, "count"),
    ("kk", "3 миллионға жуық тұрғын", "3 миллионға жуық", 3e6, "approx", None, "count"),
    ("kk", "отыз жеті ел", "отыз жеті", 37, "exact", None, "count"),
    # --- Kazakh endings and qualifiers
    ("kk", "42-ге жетті", "42-ге", 42, "exact", None, "count"),
    ("kk", "100-ден астам адам", "100-ден астам", 100, "more_than", None, "count"),
    ("kk", "шамамен 500 адам жиналды", "шамамен 500", 500, "approx", None, "count"),
    ("kk", "кем дегенде 10 мың қол", "кем дегенде 10 мың", 10000, "at_least", None, "count"),
    ("kk", "1000-ға жуық тұрғын", "1000-ға жуық", 1000, "approx", None, "count"),
    ("kk", "200-ден артық мектеп", "200-ден артық", 200, "more_than", None, "count"),
    ("kk", "50-ге дейін адам", "50-ге дейін", 50, "at_most", None, "count"),
    ("kk", "сайлаушылардың 81,31 пайызы дауыс берді", "81,31 пайызы", 81.31, "exact", "percent", "percent"),
    ("kk", "халықтың 40 %-ы", "40 %", 40, "exact", "percent", "percent"),
    ("kk", "1,5 млрд теңге бөлінді", "1,5 млрд теңге", 1.5e9, "exact", "KZT", "money"),
    ("kk", "500 мың теңгеге дейін", "500 мың теңгеге дейін", 500000, "at_most", "KZT", "money"),
    ("kk", "3 есе өсті", "3 есе", 3, "exact", "times", "ratio"),
    ("kk", "100 доллар тұрады", "100 доллар", 100, "exact", "USD", "money"),
]

# (lang, sentence, span as written, kind): found, kept, and never a claim.
NOT_CLAIMS = [
    ("ru", "  • 22.11.2022, 17:37,", "22.11.2022", "date"),
    ("ru", "  • 22.11.2022, 17:37,", "17:37", "time"),
    ("ru", "24.11.2022", "24.11.2022", "date"),
    ("ru", "  • 338", "338", "other"),
    ("ru", "  • 1", "1", "other"),
    ("ru", "$ 498.34  519.72  4.85", "$ 498.34", "other"),
    ("ru", "$ 498.34  519.72  4.85", "4.85", "other"),
    ("ru", "по следующим контактам: + 7 7172 707 616.", "+ 7 7172 707 616", "phone"),
    ("ru", "звоните 8 (727) 123-45-67", "8 (727) 123-45-67", "phone"),
    ("ru", "выборы 20 ноября 2022 года", "20 ноября 2022 года", "date"),
    ("ru", "в 2022 году", "2022 году", "year"),
    ("ru", "в 2019-2022 гг. росла", "2019-2022 гг.", "year"),
    ("ru", "по итогам 2021 г.", "2021 г.", "year"),
    ("ru", "занял 3-е место", "3-е", "ordinal"),
    ("ru", "1. Первый пункт", "1", "ordinal"),
    ("ru", "Приказ № 125 от министерства", "125", "other"),
    ("ru", "штамм COVID-19 распространился", "19", "other"),
    ("ru", "Просмотров: 1234", "1234", "other"),
    ("ru", "1234 просмотров", "1234", "other"),
    ("ru", "Один из кандидатов", "Один", "other"),
    ("ru", "0", "0", "other"),
    ("kk", "516", "516", "other"),
    ("kk", "  • 11 желтоқсан — 8 қаңтар аралығында", "11 желтоқсан", "date"),
    ("kk", "  • 11 желтоқсан — 8 қаңтар аралығында", "8 қаңтар", "date"),
    ("kk", "2022 жылы сайлау өтті", "2022 жылы", "year"),
    ("kk", "2023 жылғы 19 наурызда", "2023 жылғы", "year"),
    ("kk", "2-ші орын", "2-ші", "ordinal"),
    ("kk", "бір ай бойы, күні-түні жұмыс істеді", "бір", "other"),
    ("kk", "сағат 10:30-да басталады", "10:30", "time"),
    ("kk", "сайт www.akorda.kz/ru/2022 мекенжайында", "www.akorda.kz/ru/2022", "other"),
]


def find(lang, sentence, span):
    matches = [n for n in E[lang].extract(sentence) if n.text == span]
    assert matches, f"{span!r} not found in {sentence!r}: {[n.text for n in E[lang].extract(sentence)]}"
    return matches[0]


@pytest.mark.parametrize("lang,sentence,span,value,qualifier,unit,kind", CLAIMS)
def test_claim_normalisation(lang, sentence, span, value, qualifier, unit, kind):
    n = find(lang, sentence, span)
    assert n.value == pytest.approx(value)
    assert (n.qualifier, n.unit, n.kind, n.is_claim) == (qualifier, unit, kind, True)
    assert sentence[n.start:n.end] == span


@pytest.mark.parametrize("lang,sentence,span,kind", NOT_CLAIMS)
def test_not_claims_are_kept_but_not_claims(lang, sentence, span, kind):
    n = find(lang, sentence, span)
    assert (n.kind, n.is_claim) == (kind, False)


def test_table_is_large_enough():
    assert len(CLAIMS) + len(NOT_CLAIMS) >= 80
    assert {c[0] for c in CLAIMS} == {"ru", "kk"}


@pytest.mark.parametrize("lang,sentence", [
    ("kk", "Оның барысында ол үшін онда бәрі болды"),      # "он", "үш" inside other words
    ("ru", "Семья и стадо"),
    ("ru", "ERNUR.KZ и stan.kz сообщают"),
])
def test_words_that_merely_contain_numbers(lang, sentence):
    assert [n.text for n in E[lang].extract(sentence) if n.is_claim] == []
