"""What a figure is about and who says it, read off its sentence's dependency tree.

A figure's object is, in order: the noun its number modifies ("120 школ"); the genitive
dependent of its unit or classifier ("30% жителей", "2 млн тонн пшеницы"); else the frame it
sits in: the subject of the verb it completes ("экспорт вырос на 12%", "цена составила 300
тенге") or the noun it modifies ("бюджет в размере 5 млрд"). Nouns that only measure another
("количество школ", "доля женщин") give way to what they measure, and a measure takes its
substance ("добыча нефти" -> нефть). The speaker is the subject of a speech verb, or the
dependent of a source noun ("по словам X"), as a named entity of the sentence, or a role noun
or pronoun resolved to the last fitting name before it. Words live in configs/frames.toml.
"""
from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.syntax import Node

NOUNS = ("NOUN", "PROPN")
SUBJECTS = ("nsubj", "nsubj:pass")
QUOTES = ("«", '"', "„", "“")
MODIFIERS = ("amod", "compound", "flat", "flat:name", "flat:foreign", "det", "nmod:poss")


@dataclass(frozen=True)
class Lexicon:
    unit_words: frozenset
    containers: frozenset
    money_containers: frozenset
    frame_relations: frozenset
    partitive: frozenset
    share_partitive: frozenset
    value_verbs: frozenset
    generic_counted: frozenset
    as_nouns: frozenset
    event_units: frozenset
    action_endings: frozenset
    topic_prepositions: frozenset
    plural_nouns: frozenset
    speech_verbs: frozenset
    source_nouns: frozenset
    source_prepositions: frozenset
    person_roles: frozenset
    org_roles: frozenset


@lru_cache(maxsize=8)
def lexicon(path: str, lang: str) -> Lexicon:
    with open(path, "rb") as handle:
        table = tomllib.load(handle)[lang]
    return Lexicon(**{name: frozenset(table[name]) for name in Lexicon.__dataclass_fields__})


@dataclass(frozen=True)
class Found:
    head: Node
    nodes: tuple[Node, ...]          # the phrase as written, in order
    complement: tuple[Node, ...]     # its tail that stays as written in the lemma ("на дизельное топливо")


def _children(nodes: list[Node], node: Node, *rels: str) -> list[Node]:
    return [nodes[c] for c in node.children if not rels or nodes[c].rel in rels]


def _has_case(nodes: list[Node], node: Node) -> bool:
    return any(nodes[c].rel == "case" for c in node.children)


def _is_unit(node: Node, lex: Lexicon) -> bool:
    text = node.text.lower().rstrip(".")
    return text in lex.unit_words or node.lemma in lex.unit_words          # "лет" is a form of "год"


@lru_cache(maxsize=64)
def _starts(words: frozenset) -> frozenset:
    return frozenset(w[:PREFIX] for w in words)


PREFIX = 3    # a speech verb's or source noun's forms keep its first letters ("сказал", "по данным")


def _may_be(text: str, lemmas: frozenset) -> bool:
    """Whether a word form can have one of these lemmas: the lemma is looked up only then."""
    return text[:PREFIX].replace("ё", "е") in _starts(lemmas)


def _genitive_dependent(nodes: list[Node], node: Node, lex: Lexicon) -> Node | None:
    """The bare genitive noun after a unit or container: "тонн пшеницы", "доля женщин"."""
    for child in _children(nodes, node, "nmod", "nmod:poss"):
        if child.upos in NOUNS and child.i > node.i and not _has_case(nodes, child) \
                and child.feats.get("Case") in ("Gen", None) and not _is_unit(child, lex):
            return child
    return None


def _next_genitive(nodes: list[Node], last: int, lex: Lexicon) -> Node | None:
    """The genitive noun right after a unit or a bare count when the parse hung it elsewhere
    ("545 тысячам кипрских граждан", "заработала 14 (7+7) очков")."""
    following = nodes[last + 1:]
    while following and (following[0].upos in ("NUM", "SYM") or following[0].text in ("(", ")", "+")):
        following = following[1:]
    for node in following[:4]:
        if node.feats.get("Case") != "Gen" or node.upos == "PUNCT":
            return None
        if node.upos in NOUNS:
            return None if _is_unit(node, lex) or _has_case(nodes, node) else node
    return None


def _nominal(node: Node) -> bool:
    """A noun, or an adjective or participle standing for one ("двое погибших")."""
    return node.upos in NOUNS + ("ADJ",) or node.feats.get("VerbForm") == "Part"


def _refine(nodes: list[Node], node: Node | None, unit: str | None, lex: Lexicon, kind: str,
            before: Callable[[], list[Node] | None] | None = None) -> Node | None:
    """A container gives way to what it measures; a measure's frame to its substance."""
    seen = 0
    while node is not None and seen < 3:
        seen += 1
        if node.upos == "PRON":
            found = _antecedent(nodes, node, lex)
            if found is None and before is not None and node.lemma != "который":
                return _antecedent_before(before(), node, lex)    # "Всего они получили 100,2 миллиона"
            node = found
            continue
        containers = lex.money_containers if kind == "money" else lex.containers
        inner = _genitive_dependent(nodes, node, lex)
        if inner is not None and (node.lemma in containers or (kind == "measure" and not _is_unit(node, lex))):
            node, kind = inner, ("count" if node.lemma not in containers else kind)   # one hop to the substance:
            continue                                                                 # "концентрата угля" stays
        if node.lemma in containers and node.rel == "nmod" and nodes[node.head].upos in NOUNS:
            node = nodes[node.head]                  # "бюджет в размере 5 млрд"
            if node.rel == "nmod" and not _has_case(nodes, node) and nodes[node.head].upos in NOUNS \
                    and not nodes[node.head].lemma.endswith(tuple(lex.action_endings)):
                node = nodes[node.head]              # "бюджет программы в размере ...", not "наложение штрафа"
            continue
        break
    if node is None or not _nominal(node) or _is_unit(node, lex):
        return None
    return node


def _antecedent(nodes: list[Node], pronoun: Node, lex: Lexicon) -> Node | None:
    """What a pronoun stands for in its sentence: "который" the noun its clause modifies ("платье,
    которое стоило 480 000"); "он", "они" the nearest nominative noun before it that agrees ("растёт
    товарооборот: в прошлом году он вырос на 23%"); an oblique one the nearest that agrees."""
    if pronoun.lemma == "который":
        node = pronoun
        while node.head >= 0 and node.rel != "acl:relcl":
            node = nodes[node.head]
        return nodes[node.head] if node.rel == "acl:relcl" else None
    agreeing = _agreeing(reversed(nodes[:pronoun.i]), pronoun, lex)
    if pronoun.feats.get("Case") not in ("Nom", None):
        return agreeing[0] if agreeing else None     # "из 20 поданных номинаций ... лишь 11 из них"
    return next((n for n in agreeing if n.feats.get("Case") == "Nom"), None)


def _agreeing(nodes, pronoun: Node, lex: Lexicon) -> list[Node]:
    """The nouns, in the order given, that a third-person pronoun can stand for."""
    if pronoun.feats.get("Person") != "3":
        return []
    number, gender = pronoun.feats.get("Number"), pronoun.feats.get("Gender")
    return [n for n in nodes if n.upos == "NOUN" and not _is_unit(n, lex) and n.feats.get("Number") == number
            and (number == "Plur" or n.feats.get("Gender") == gender)]


def _antecedent_before(previous: list[Node] | None, pronoun: Node, lex: Lexicon) -> Node | None:
    """What a pronoun stands for when its own sentence names nothing that fits: in the sentence
    before, the last agreeing noun that is its clause's subject or object, else the last that is
    not a genitive modifier ("обеспечены поступлениями от налога. ... они увеличились на 16%")."""
    agreeing = _agreeing(reversed(previous or []), pronoun, lex)
    return next((n for n in agreeing if n.rel in SUBJECTS + ("obj",)),
                next((n for n in agreeing if n.feats.get("Case") != "Gen"), None))


def _whole(nodes: list[Node], figure_heads: tuple[Node, ...], inside: set[int], lex: Lexicon,
           kind: str) -> Node | None:
    """What a part is taken from: "55 из 90 депутатов", "семеро из задержанных", "1% от стоимости"
    (a share's own prepositions only after a percentage: "в двух километрах от селения" is a place;
    an amount has no whole, only a source: "выделить 2,8 миллиарда рублей из бюджета города")."""
    if kind == "money":
        return None
    partitive = lex.partitive | (lex.share_partitive if kind == "percent" else frozenset())
    for head in figure_heads:
        for child in _children(nodes, head, "nmod", "obl"):
            cases = {nodes[c].lemma for c in child.children if nodes[c].rel == "case"}
            if cases & partitive and child.i not in inside:
                return child
    after = max(inside) + 1                          # the parse hung the whole elsewhere
    if after + 1 < len(nodes) and nodes[after].rel == "case" and nodes[after].lemma in partitive \
            and nodes[after].head > after and nodes[nodes[after].head].upos in NOUNS:
        return nodes[nodes[after].head]
    return None


def _is_event_count(phrase: Node, lex: Lexicon) -> bool:
    """"107 раз": how often something happened, which the verb's patient or object names."""
    return phrase.lemma in lex.event_units or phrase.text.lower() in lex.event_units


def _taken_as(nodes: list[Node], node: Node, lex: Lexicon) -> bool:
    """"в качестве взяток", "в виде субсидий": the noun after a compound preposition of role."""
    return any(nodes[f].lemma in lex.as_nouns for c in _children(nodes, node, "case")
               for f in c.children if nodes[f].rel == "fixed")


def _what_happened(nodes: list[Node], verb: Node, lex: Lexicon, figure: set[int]) -> Node | None:
    """What "N раз" counts: the verb's patient ("премии вручались 107 раз", "выписывались штрафы на
    автомобиль"), else what it did ("проделав этот путь 20 раз"), else where it went or led
    ("четыре раза выходил в финал", "8 раз приводил «Спартак» к чемпионству"); a person or a name in
    quotes is who, not what. Words after the verb first: "до встречи ... шесть раз проходил в финал" went to the final."""
    def common(node: Node) -> bool:           # "выигрывал Суперкубок", not "приводил «Спартак»"
        quoted = node.i > 0 and nodes[node.i - 1].text in QUOTES
        return node.i not in figure and not _is_unit(node, lex) and (node.upos == "NOUN" or (
            node.upos == "PROPN" and node.feats.get("Animacy") != "Anim" and not quoted))
    for rel, fits in (("nsubj:pass", common), ("nsubj", lambda n: common(n) and n.feats.get("Animacy") == "Inan"),
                      ("obj", common), ("obl", lambda n: common(n) and _has_case(nodes, n))):
        found = next((c for c in sorted(_children(nodes, verb, rel), key=lambda c: c.i < verb.i) if fits(c)), None)
        if found is not None:
            return found
    return None


def _frame(nodes: list[Node], phrase: Node, lex: Lexicon, figure: set[int]) -> Node | None:
    """The thing a figure's phrase is said of: the subject of the verb it completes, or the
    noun it modifies."""
    if phrase.rel in SUBJECTS:
        head = nodes[phrase.head] if phrase.head >= 0 else None
        return head if head is not None and head.upos in NOUNS else None   # "доля женщин — 40%"
    if phrase.head < 0:                          # the parse left the figure apart: the clause's verb
        governor = next((n for n in nodes if n.head < 0 and n.upos in ("VERB", "AUX")), phrase)
    elif phrase.rel.split(":")[0] in lex.frame_relations:
        governor = nodes[phrase.head]
    else:
        return None
    states_value = False
    for _ in range(3):
        if governor.upos in NOUNS and governor is not phrase:
            while phrase.rel == "parataxis" and governor.rel == "nmod" and nodes[governor.head].upos in NOUNS:
                governor = nodes[governor.head]      # "сократил количество мигалок на автомобилях — с тысячи до 569"
            return governor                          # "бюджет в размере 5 млрд тенге"
        # what the verb states a quantity of: the passive subject, the object ("увеличил
        # производство на 1%"), else the subject ("доходы составили 3 млрд")
        said_of = [s for rel in ("nsubj:pass", "obj", "nsubj") for s in _children(nodes, governor, rel)
                   if s.i not in figure and s.upos in NOUNS + ("PRON",) and not _is_unit(s, lex)]
        states_value = states_value or governor.lemma in lex.value_verbs
        as_what = next((o for o in _children(nodes, governor, "obl") if _taken_as(nodes, o, lex)), None)
        if as_what is not None:                      # "заплатили в качестве взяток 30 млн долларов"
            return as_what
        if _is_event_count(phrase, lex):
            happened = _what_happened(nodes, governor, lex, figure)
            if happened is not None or said_of:
                return happened
        if said_of and states_value:                 # through a modal: "число не должно превышать 400"
            return said_of[0]
        if said_of:
            return None
        if governor.rel in ("acl", "amod", "acl:relcl") and governor.head >= 0:
            return nodes[governor.head]              # "инвестиции, составившие 5 млрд"
        if governor.rel in ("conj", "xcomp", "advcl", "ccomp") and governor.head >= 0:
            states_value = states_value and governor.rel == "xcomp"
            governor = nodes[governor.head]          # "выросло и составило 5 млрд"
            continue
        break
    return None


def find_object(nodes: list[Node], start: int, end: int, kind: str, unit: str | None,
                lex: Lexicon, before: Callable[[], list[Node] | None] | None = None) -> Found | None:
    """The object of the figure at [start, end) (the first half of a range: through its second);
    `before` gives the tree of the sentence before, where a pronoun's antecedent may be."""
    span = [n for n in nodes if n.start < end and start < n.end and n.rel != "punct"]
    if not span:
        return None
    inside = {n.i for n in span}
    if kind == "count" and unit is None and _named_item(nodes, span):
        topic = _sentence_topic(nodes, lex)
        return Found(topic, (topic,), ()) if topic is not None else None
    top = next((n for n in reversed(span) if n.head not in inside), span[-1])
    phrase, counted = top, None
    if top.head >= 0 and (top.rel.split(":")[0] in ("nummod", "amod", "det") or top.upos == "NUM"
                          or _is_unit(top, lex)):
        governor = nodes[top.head]
        if governor.i not in inside and _is_unit(governor, lex):
            phrase = governor                        # "5 млн тонн", "60 процентов", "3 раза"
        elif top.rel.split(":")[0] in ("nummod", "amod", "det") and _nominal(governor):
            counted = governor                       # "120 школ", "двое погибших"
            following = next((n for n in nodes[max(inside) + 1:] if n.upos not in ("ADJ", "DET")), None)
            if counted.i < top.i and following is not None and following.upos == "NOUN" \
                    and not _is_unit(following, lex):
                counted = following                  # the parse hung it back: "в результате которой 2 человека"
    if counted is not None and counted.upos == "ADJ" and counted.feats.get("VerbForm") != "Part" \
            and head_lemma(counted, lex) not in lex.plural_nouns:
        counted = _counted_before(nodes, counted) or counted    # "8 мужских сборных и 4 женских"
    units = [n for n in (phrase, *reversed(span)) if _is_unit(n, lex) or n.upos == "SYM"]
    genitives = [_genitive_dependent(nodes, n, lex) for n in units]                 # "30% жителей"
    if (units or (kind == "count" and counted is None)) and not any(genitives):
        genitives.append(_next_genitive(nodes, max(n.i for n in (*units, *span)), lex))
    if kind == "money":                                  # "долларов США" names the currency
        genitives = [g for g in genitives if g is not None and g.upos != "PROPN"]
    # the figure as a predicate: "доля женщин — 40%", "чей рост был больше 180 сантиметров"
    predicated = next((c for n in (*span, phrase) for c in _children(nodes, n, *SUBJECTS)
                       if c.i not in inside and c.upos in NOUNS), None)
    whole = _whole(nodes, (top, phrase), inside, lex, kind)
    if counted is not None and counted.lemma in lex.generic_counted:
        said_of = _frame(nodes, counted, lex, inside | {counted.i})
        if said_of is not None and said_of.rel in SUBJECTS:
            counted = said_of                        # "явка составила 5 171 666 человек"
    candidates = (counted, *genitives, predicated, whole, _frame(nodes, phrase, lex, inside))
    thing = next((t for t in (_refine(nodes, c, unit, lex, kind, before) for c in candidates if c is not None)
                  if t is not None and (not _here(nodes, t) or t.i not in inside)), None)
    if thing is not None and _here(nodes, thing) and thing.lemma in lex.containers and whole is not None:
        thing = _refine(nodes, whole, unit, lex, kind) or thing    # "большинство — 55 из 90 депутатов"
    if thing is None:
        return None
    tree = nodes if _here(nodes, thing) else before()
    phrase_nodes, complement = _phrase(tree, thing, kind, inside if tree is nodes else set(), lex)
    return Found(thing, tuple(phrase_nodes + complement), tuple(complement))


def head_lemma(node: Node, lex: Lexicon) -> str:
    """The head's dictionary form; an adjective standing for a plural-only noun keeps its plural
    ("о призовых" -> "призовые", not "призовой")."""
    lemma = node.lemma
    if node.upos == "ADJ" and len(lemma) > 3:
        plural = lemma[:-2] + ("ие" if lemma.endswith("ий") or lemma[-3] in "гкхжшчщ" else "ые")
        if plural in lex.plural_nouns:
            return plural
    return lemma


def lead_topic(nodes: list[Node], lex: Lexicon) -> Found | None:
    """What a sentence that opens a list with a colon is about ("Президент РФПЛ рассказал о
    призовых:"): its last noun after a preposition of topic."""
    topics = [n for n in nodes if _nominal(n) and n.upos != "PROPN" and any(
        nodes[c].rel == "case" and nodes[c].lemma in lex.topic_prepositions for c in n.children)]
    if not topics:
        return None
    phrase_nodes, _ = _phrase(nodes, topics[-1], "count", set(), lex)
    return Found(topics[-1], tuple(phrase_nodes), ())


def _named_item(nodes: list[Node], span: list[Node]) -> bool:
    """A bare count in brackets after a name, an item of a list ("пользоваться ФСБ (207),
    Государственная фельдъегерская служба (60)"): the name is whose share it is, not what."""
    first, last = span[0].i, span[-1].i
    return 2 <= first and last + 1 < len(nodes) and nodes[first - 1].text == "(" and nodes[last + 1].text == ")" \
        and nodes[first - 2].upos in NOUNS + ("ADJ",) \
        and any(n.text[:1].isupper() for n in nodes[max(0, first - 3):first - 1])    # "Ставропольском крае (96)"


def _sentence_topic(nodes: list[Node], lex: Lexicon) -> Node | None:
    """What a list of named items counts: the sentence's first common noun that no preposition
    governs ("Проблесковыми маячками ... пользоваться ФСБ (207), МВД (98)")."""
    brackets = 0
    for node in nodes:
        brackets += (node.text == "(") - (node.text == ")")
        if brackets == 0 and node.upos == "NOUN" and (node.i == 0 or node.text[:1].islower()) \
                and not _has_case(nodes, node) and not _is_unit(node, lex):
            return _refine(nodes, node, None, lex, "count")
    return None


def _counted_before(nodes: list[Node], adjective: Node) -> Node | None:
    """The noun an earlier figure counts, which a counted adjective leaves out ("сыграл лишь в 268
    играх из 410 возможных")."""
    return next((n for n in reversed(nodes[:adjective.i]) if n.upos == "NOUN" and any(
        nodes[c].upos == "NUM" and nodes[c].rel.startswith("nummod") for c in n.children)), None)


def _here(nodes: list[Node], node: Node) -> bool:
    """Whether the node is of this sentence's tree, not the sentence before's."""
    return node.i < len(nodes) and nodes[node.i] is node


def _phrase(nodes: list[Node], head: Node, kind: str, figure: set[int],
            lex: Lexicon) -> tuple[list[Node], list[Node]]:
    """The head with the modifiers written right before it and a noun coordinated with it; for
    money also what it is of ("цена на дизельное топливо"), the complement."""
    left = head.i
    while left > 0 and nodes[left - 1].head == head.i and nodes[left - 1].rel in MODIFIERS \
            and left - 1 not in figure:
        left -= 1
    right = head.i
    conj = [c for c in _children(nodes, head, "conj") if c.i == right + 2 and nodes[right + 1].rel == "cc"]
    if conj:
        right = conj[0].i                            # "предложений и пожеланий"
    end = right
    if kind == "money" and right + 1 < len(nodes):
        for child in _children(nodes, head, "nmod"):
            if child.lemma in lex.money_containers:
                break
            if child.i == right + 1 or (nodes[right + 1].head == child.i and child.i - right <= 3):
                end = _subtree_end(nodes, child)
                break
        end = next((i - 1 for i in range(right + 1, end + 1)
                    if i in figure or (nodes[i].lemma in lex.money_containers and nodes[i - 1].rel == "case")), end)
        while end > right and nodes[end].rel in ("case", "punct", "cc"):
            end -= 1
    return nodes[left:right + 1], nodes[right + 1:end + 1]


def _subtree_end(nodes: list[Node], node: Node) -> int:
    last = node.i
    for c in node.children:
        if nodes[c].rel != "punct":
            last = max(last, _subtree_end(nodes, nodes[c]))
    return last


def subtree_span(nodes: list[Node], node: Node, leave: tuple[str, ...] = ("punct",)) -> tuple[int, int]:
    """Character offsets of a node's whole subtree, without the relations `leave`."""
    members = [node]
    stack = [node]
    while stack:
        current = stack.pop()
        for c in current.children:
            if nodes[c].rel not in leave:
                members.append(nodes[c])
                stack.append(nodes[c])
    return min(n.start for n in members), max(n.end for n in members)


@dataclass(frozen=True)
class Speaker:
    start: int               # the speaker's words in the document
    end: int
    role: str | None         # how to name it when no entity lies in it (see _speaker)
    qualified_after: int = -1  # past its head, an organisation noun, a name only qualifies it ("пресс-служба полиции РА")
    sourced: bool = False      # named by a source phrase ("по данным X"), which reports, not speaks


def speakers(nodes: list[Node], lex: Lexicon) -> list[Speaker]:
    """Who the sentence's speech cues name, best first: a source noun's dependent, then the
    subjects of speech verbs nearest the root."""
    found: list[tuple[int, Speaker]] = []
    for node in nodes:
        if _has_case(nodes, node) and _may_be(node.text.lower(), lex.source_nouns) and node.lemma in lex.source_nouns:
            named = [c for c in _children(nodes, node) if _names_source(nodes, node, c)]
            if named:
                found.append((0, replace(_speaker(nodes, named[0], lex, source=True), sourced=True)))
            elif node.feats.get("Number") != "Plur":          # "согласно сообщению": the one before
                start, end = subtree_span(nodes, node)
                found.append((0, Speaker(start, end, "previous")))
        elif node.upos in ("PROPN", "X") and any(nodes[c].rel == "case" and nodes[c].lemma in lex.source_prepositions
                                                 for c in node.children):
            found.append((0, replace(_speaker(nodes, node, lex, source=True), sourced=True)))  # "согласно comScore"
        elif node.upos in ("VERB", "AUX", "ADJ") and _may_be(node.text.lower(), lex.speech_verbs) \
                and node.lemma in lex.speech_verbs and not any(
                c.upos == "ADJ" for c in _children(nodes, node, "xcomp")):     # "признал виновным": a verdict
            subjects = _children(nodes, node, *SUBJECTS) or [
                c for c in _children(nodes, node, "obl") if _has_case(nodes, c) and c.upos in NOUNS]
            for subject in subjects[:1]:
                found.append((1 + _depth(nodes, node), _speaker(nodes, subject, lex)))
    return [speaker for _, speaker in sorted(found, key=lambda pair: pair[0])]


def _names_source(nodes: list[Node], source: Node, child: Node) -> bool:
    """"по словам министра", "по данным городской станции", "по его словам": a genitive noun
    right after the source noun (its own modifiers between), or a possessive just before."""
    if child.i < source.i:                       # "по его (собственному) заявлению"
        return child.upos in ("DET", "PRON") and child.rel in ("det", "nmod", "nmod:poss") and all(
            n.head == source.i and n.rel == "amod" for n in nodes[child.i + 1:source.i])
    between = nodes[source.i + 1:child.i]
    return (child.i > source.i and child.upos in NOUNS and child.feats.get("Case") in ("Gen", None)
            and child.rel in ("nmod", "nmod:poss", "appos") and len(between) <= 3
            and all(n.head == child.i for n in between))


def _depth(nodes: list[Node], node: Node) -> int:
    depth = 0
    while node.head >= 0 and depth < len(nodes):
        node, depth = nodes[node.head], depth + 1
    return depth


def _speaker(nodes: list[Node], node: Node, lex: Lexicon, source: bool = False) -> Speaker:
    """`role`: what a speaker with no name in its words stands for: "person" or "org" (a bare role
    noun or pronoun: the last such name before), "source" (its words as they stand: "по данным
    X", an institution named by its words), "previous" (the last speaker)."""
    start, end = subtree_span(nodes, node, ("punct", "case"))
    named = any(nodes[c].rel in ("nmod", "appos", "flat:name") for c in node.children)
    role = None
    if node.lemma in lex.person_roles and node.feats.get("Number") != "Plur" and not named:
        role = "person"
    elif node.lemma in lex.org_roles and not named:
        role = "org"
    elif (source or node.lemma in lex.org_roles) and node.upos in NOUNS + ("X",) and not _has_number(nodes, node):
        role = "source"                              # "по данным городской станции", "министерство здравоохранения"
    return Speaker(start, end, role, node.end if node.lemma in lex.org_roles else -1)


def _has_number(nodes: list[Node], node: Node) -> bool:
    """"13 процентов респондентов" is no one in particular."""
    return node.upos == "NUM" or any(_has_number(nodes, nodes[c]) for c in node.children)
