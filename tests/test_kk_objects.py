"""Kazakh claims end to end: what a figure is about (pipeline/kk_objects.py, from Apertium's
readings) and whether it rises or falls ([change] of configs/numbers_kk.toml), on real sentences."""
from __future__ import annotations

import shutil

import pyarrow.parquet as pq
import pytest

from tests.conftest import make_runner

needs_apertium = pytest.mark.skipif(
    shutil.which("hfst-proc") is None or shutil.which("cg-proc") is None,
    reason="hfst/cg3 not installed (make setup or make apertium-kaz installs them)")

# sentence, figure as written, object head ("*": not checked here), change, change role
CASES = [
    # "жет-", reach: a rise to the new level
    ("Ал бүгінгі таңда мұндай бөлімшелердің саны 520-ға жетті.", "520-ға", "бөлімше", "up", "to"),
    ("Бүгінде ол 43,9 процентке жеткен.", "43,9 процентке", "*", "up", "to"),
    # "азаяды": the verb stem "азай-" before a vowel
    ("Осы жобалар жүзеге асқанда ауаға таралатын шаң-тозаң 3000 тоннаға азаяды деп күтіп отырмыз.",
     "3000 тоннаға", "*", "down", "by"),
    # a new level with its noun before "дейін", and the old level paired with it
    ("Ал саяси партияларды құру үшін тіркеу талабы 40000-нан 20000 адамға дейін төмендетіліп отыр.",
     "40000-нан", "адам", "down", "from"),
    ("Ал саяси партияларды құру үшін тіркеу талабы 40000-нан 20000 адамға дейін төмендетіліп отыр.",
     "20000", "адам", "down", "to"),
    # a range closed by "дейін" is the new level, both halves
    ("Жазда көпшілік жерде 20 – 30%-ке дейін төмендейді.", "20", "*", "down", "to"),
    # a change across space is no change
    ("Радиация мөлшері солтүстіктен оңтүстікке қарай 4200-ден 5500 МДж/м2-ге дейін біртіндеп артады.",
     "4200-ден", "*", None, None),
    # the clause-final verb is never the object
    ("Биыл өңір шаруалары 17000 тонна өнім алды.", "17000", "өнім", None, None),
    ("Мәселен, қалалық нөмірі 1-інші емханаға 108000-нан аса тұрғын тіркелген.", "108000-нан аса", "тұрғын",
     None, None),
    ("Мәселен, өткен жылы Ақтөбе облысына республикалық бюджеттен 474000000 теңге бөлінген.", "474000000",
     None, None, None),
    # lemmas: an adjective reading keeps its word, an unknown noun keeps "-ке" after a vowel
    ("Стоматология жекеменшік мекемесімен биыл 91000000 теңгеге келісім жасастық.", "91000000", "келісім",
     None, None),
    ("Онда 238 дәрігер мен 260 медбике жұмыс істейді.", "260", "медбике", None, None),
    # a container gives way to its possessor, genitive or bare, past a modifier
    ("Құрбандар саны 3400-ге жетті.", "3400-ге", "құрбан", "up", "to"),
    ("Құрылыс алаңының жалпы көлемі – 400 мың шаршы метрге таяу.", "400 мың", "алаң", None, None),
    ("2005 жылдан бері өнеркәсіптік өндіріс көлемі екі есеге артқан.", "екі есеге", "өндіріс", "up", "by"),
    # the accusative object of a verb of change, possessed or not
    ("Шығындарды 9,4 миллиард теңгеге дейін қысқартты.", "9,4 миллиард", "шығын", "down", "to"),
    ("«Ұлттық банк Үкіметпен бірлесіп, былтыр инфляция деңгейін 5,3%-ға дейін төмендетті», — дейді Данияр Ақышев.",
     "5,3%-ға дейін", "инфляция", "down", "to"),
    # an adverb or the unit of a rate stands between the figure and what it is said of
    ("Ал сметалық құжаттың түзетілуіне байланысты жоба тағы 1,5 есеге қымбаттады.", "1,5 есеге", "жоба", "up", "by"),
    ("Мәселен, 3,5 жылдың ішіндегі еттің импорты небәрі 4%-ке төмендеген.", "4%-ке", "импорт", "down", "by"),
    ("Қазір қара алтынның бағасы барреліне 56 – 57 доллар төңірегінде.", "57", "баға", None, None),
    # "көлемінде" after an amount is skipped; "АҚШ" belongs to the unit
    ("Хаттама толтырылып, 4 мекемеге 240000 теңге көлемінде айыппұл салынды.", "240000", "айыппұл", None, None),
    ("2007 жылы өзара сауда айналымының көлемі 531 миллион АҚШ долларын құраған.", "531 миллион", "айналым",
     None, None),
    # what the figure counts goes on past a locative attribute, ends before a light verb's noun
    ("Бұған дейін сала министрі елдегі 2,5 мыңнан астам даладағы мектеп дәретханаларын жабу туралы ұсыныс айтқан.",
     "2,5 мыңнан астам", "дәретхана", None, None),
    ("«6 жылдың ішінде 1300 жаңа кәсіпорын бой көтерді», — деді Нұрсұлтан Назарбаев.", "1300", "кәсіпорын",
     None, None),
    # the subject of a verb of change read by its lemma or, unknown to the analyser, by its stem
    ("Осы жобалар жүзеге асқанда ауаға таралатын шаң-тозаң 3000 тоннаға азаяды деп күтіп отырмыз.",
     "3000 тоннаға", "шаң-тозаң", "down", "by"),
    ("1 ай бұрын тариф 380 теңгеден 300 теңгеге арзандады.", "380", "тариф", "down", "from"),
    ("2 бөлмелі пәтер 80000 теңгеге жуықтайды.", "80000", "пәтер", None, None),
    # what a verbal noun of production produces ("мұнай өндіру"); a noun of change is no object
    ("Мұнай өндіру 20 миллион тоннаға дейін ұлғайды.", "20 миллион", "мұнай", "up", "to"),
    ("Ал халықтың кірісі тек 11 процент өсім көрсеткен.", "11", "кіріс", "up", "by"),
    # a genitive governed by a postposition frames the figure; a pronoun's container has no object here
    ("Осылайша 18 жылдың ішінде 24 есеге ұлғайды өндіріс.", "24 есеге", None, "up", "by"),
    ("Олардың саны қазір 30000-ға жуық.", "30000-ға жуық", None, None, None),
    ("Қазір оның 1 данасы 80 – 100 теңге шамасында.", "100", None, None, None),
    # an unknown accusative inside the clause is a noun; a participle's numeral belongs to its noun
    ("2700000 қазақстандықты көгілдір отынмен қамтамасыз ететін «Сарыарқа» мегажобасының құрылысы жүргізіліп жатыр.",
     "2700000", "қазақстандық", None, None),
    ("23,7 миллиард теңгені құрайтын 9 жоба жүзеге асырылуы жоспарлануда.", "23,7 миллиард", "жоба", None, None),
    ("14 скважинадай қосылып тұр.", "14", "скважина", None, None),
    # a bare attributive noun before an accusative ("ересек адамды"), an adjective inflected as a
    # noun after "маңызы бар", an unknown "-лы" adjective, the nominative reading of the word itself
    ("Дәл осы жартыжылдық ішінде 8000000 ересек адамды скринингтен өткізу жоспарланған.", "8000000", "адам",
     None, None),
    ("Жергілікті атқарушы органдар 19 әлеуметтік маңызы бар тауарларға рұқсат етілген шекті баға белгілейді.",
     "19", "тауар", None, None),
    ("Жыл соңына дейін 598 көпбалалы отбасы баспаналы болады.", "598", "отбасы", None, None),
    ("Елімізде 168 аудан, 174 ауылдық округ бар.", "168", "аудан", None, None),
    # an unknown participle before a verb is no object
    ("10 метрден 15 метрге дейін кеңейетін болады.", "15", None, "up", "to"),
    # a possessed figure placed somewhere ("секторда", "әуекомпаниялардан") names no object; a
    # possessed classifier or noun of time before a figure is not what it counts
    ("Оның 100000-дайы қазақстандық секторда тіршілік етеді.", "100000-дайы", None, None, None),
    ("Төртеуі ресейлік әуекомпаниялардан жұмыс тапқан.", "Төртеуі", None, None, None),
    ("Қазір 1 АҚШ доллары 6,9 юань тұрады.", "6,9", "доллар", None, None),
    ("Биыл 22 дана шынықтыру-сауықтыру кешені, ал 2020-сыншы жылы 34.", "34", "кешен", None, None),
    # a part of a whole named before it, then a dash and what the part is
    ("Оның 16-сы — дәрігер де, 4-еуі — медбикелер.", "16-сы", "дәрігер", None, None),
    ("Оның 16-сы — дәрігер де, 4-еуі — медбикелер.", "4-еуі", "медбике", None, None),
    # the old level counts what the new level counts
    ("Сол мұғалімдер бізде қыркүйектен бастап 30%-дан 50%-ға дейін үстеме ақы алып жатыр.", "30%-дан", "ақы",
     None, None),
    # an unknown possessed noun before the figure; a hesitation in brackets; a goal after a unit's dative
    ("Қуаттылығы 60000 тоннаға арналған жылына.", "60000", "қуаттылық", None, None),
    # a verbal noun in the accusative before its verb is what is done, not what is counted; the
    # accusative before the figure is the object of its verb of change
    ("Жұмыспен қамтудың жол картасын қаржыландыруға кемі 300000000000 теңге бөлуді тапсырдым.", "кемі 300000000000",
     None, None, None),
    ("Бүгін Президент олардың жәрдемақысын 30%-ке көбейтуді тапсырды.", "30%-ке", "жәрдемақы", "up", "by"),
    # a plural participle is a noun ("those infected"); a dative before an agent noun goes on to it
    ("Сонымен Денсаулық сақтау министрлігі елімізде коронавирус жұқтырғандардың жалпы саны 36-ға жетті деп мәлімдеді.",
     "36-ға", "жұқтырған", "up", "to"),
    ("Кездесу кезінде Қазақстанда 14376 соғысқа қатысушы тұратыны атап өтілді.", "14376", "қатысушы", None, None),
    # the subject a converb's clause shares with the verb of change after the comma
    ("«Брент» маркалы мұнай бағасы барреліне 37 долларға жақындап, 7%-ке қымбаттады.", "7%-ке", "баға", "up", "by"),
    # a stock after the figure is of the genitive before it
    ("Ауыл шаруашылығы министрлігінің мәліметінше, қазір қоймаларда азық-түліктің 1200000 тонна қоры бар.",
     "1200000 тонна", "азық-түлік", None, None),
    # coordinated adjectives go on to their noun
    ("19-ыншы жылғы 1-інші сәуірдегі статистика бойынша өңірде 41300 шағын және орта кәсіпкерлік субъектісі тіркелген.",
     "41300", "субъект", None, None),
    # a list item "noun - figure," names its own noun
    ("Халықтың үлкен бөлігін қазақтар құрайды, пайыздық үлесі - 63.1%, орыстар - 23.6%, украиндар - 2.9%.",
     "23.6%", "орыс", None, None),
    ("Экспорттың 75% – минералды ресурстар, ең үлкен бөлігі мұнай.", "75%", "ресурс", None, None),
    # "жарым" (and a half) before a range's second half is part of the first
    ("Арақашықтық бір жарым – екі метр.", "екі", "арақашықтық", None, None),
    # a figure in brackets after a noun is of that noun
    ("Қазақстанның ең биік жері – Хантәңірі шыңы (6995 м).", "6995", "шың", None, None),
    # a sign word stands between a level and its noun
    ("Судың температурасы плюс 20, ал ауаның температурасы плюс 25-тен төмен болмауы керек.", "20", "температура",
     None, None),
    # ", яғни" restates the figure before, of the same thing
    ("Соңғы 7 жылда өндірілген балық көлемі 9 есе, яғни 800 тоннадан 7000 тоннаға дейін артқан.", "800 тоннадан",
     "балық", "up", "from"),
    # a reserve ("қор") gives way to its possessor, in cubic kilometres
    ("Тұщы жер асты суларының қоры 15,1 км3-ді құрайды.", "15,1 км3-ді", "су", None, None),
    # a demonstrative opens a new phrase
    ("Және 1993-інші жылы туған 2 жолаушы сол жерде қайтыс болды.", "2", "жолаушы", None, None),
    # a list item without its comma; a share made up by the noun before "құрайды"
    ("Өзбектер - 2.8%,немістер - 1.5% ұйғырлар - 1.4%, татарлар - 1.3%.", "1.5%", "неміс", None, None),
    ("Халықтың 70 пайызын мұсылмандар құрайды, проваславты христиандар - 26%.", "70", "мұсылман", None, None),
    # how often something happened has no object
    ("Таулы өңірді табиғат тарихында 3 рет мұз басқан.", "3", None, None, None),
    ("Ал (э) бізде, иә, 16000 (э) адамды жұмысқа орналастыру кешенді жоспарға сәйкес бекітілген болса.", "16000",
     "адам", None, None),
]


@pytest.fixture(scope="module")
def claims(tmp_path_factory) -> dict[int, list[dict]]:
    base = tmp_path_factory.mktemp("kk_objects")
    (base / "input").mkdir()
    for i, (sentence, *_rest) in enumerate(CASES):
        (base / "input" / f"kk_{i:03d}.txt").write_text(sentence + "\n", encoding="utf-8")
    make_runner(base / "input", base / "outputs").run()
    found: dict[int, list[dict]] = {}
    for c in pq.read_table(base / "outputs" / "claims.parquet").to_pylist():
        found.setdefault(int(c["doc_id"].split("_")[1]), []).append(c)
    return found


@needs_apertium
@pytest.mark.parametrize("i", range(len(CASES)), ids=[f"case{i}" for i in range(len(CASES))])
def test_object_and_change(claims, i):
    sentence, figure, head, change, role = CASES[i]
    mine = [c for c in claims.get(i, []) if c["text"] == figure or c["text"].startswith(figure + " ")]
    assert mine, f"no claim {figure!r} in {[c['text'] for c in claims.get(i, [])]}"
    c = mine[0]
    assert (c["object_head"] if head != "*" else "*", c["change"], c["change_role"]) == (head, change, role), \
        c["text"]


@needs_apertium
def test_cubic_kilometres_are_a_unit(claims):
    i = next(i for i, case in enumerate(CASES) if case[1] == "15,1 км3-ді")
    assert [c["unit"] for c in claims[i]] == ["km3"]
