"""Kazakh lemmas: Apertium + CG (pipeline.kk_apertium) against sanaq's suffix stripper
(pipeline.kk_morph.lemma), the figures in docs/kazakh-morphology.md.

    python -m pipeline.evaluation.kk_morph_compare [--data ../shared/data] [--json out.json]

- Lemma accuracy on kazakh-morph-gold (kaz_gold_morph.tsv): word tokens (a letter in the form)
  whose gold lemma is known (not "*..."); a prediction is right if it equals, ignoring case, the
  lemma of any reading the annotators left ("||"). Overall, nouns (gold POS n), and by gold POS.
  Apertium gets each gold sentence as one call (the grammar needs the context); kk_morph.lemma
  gets each word with the [objects] whole_words of configs/numbers_kk.toml, as pipeline.objects
  calls it. Also: Apertium's POS and full tags (first sub-reading) against the gold, the lemma
  with the other preference (`shortest_lemma`), and two ceilings: the gold lemma among the
  readings the grammar leaves, and among all the lexicon's readings (no grammar).
- Coverage on KazNERD valid (IOB2_valid.txt, first column): share of word tokens Apertium knows.
- Speed: tokens per second on KazNERD valid, sentence per call and the whole file in one call.
- Determinism: the gold analysed again in reverse sentence order by a fresh analyser (every
  reading the grammar leaves, compared).
"""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from pipeline.config import resolve
from pipeline.kk_apertium import Analyser, shortest_lemma
from pipeline.kk_morph import lemma as kk_lemma
from pipeline.objects import kk_rules

DEFAULT_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
POS_ROWS = ("n", "np", "v", "adj", "adv", "num", "prn", "post", "other")


def read_gold(path: Path) -> list[list[tuple[str, str, str]]]:
    """Sentences of (form, lemma, tags) rows."""
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        form, lemma, tags = line.split("\t")
        current.append((form, lemma, tags))
    if current:
        sentences.append(current)
    return sentences


def gold_lemmas(lemma: str, tags: str) -> set[str]:
    """The lemma column and the lemma of every reading left ambiguous."""
    out = {lemma.casefold()}
    for reading in tags.split("||"):
        head = reading.split("+")[0]
        if "<" in head and head.split("<")[0]:
            out.add(head.split("<")[0].casefold())
    return out


def gold_pos(tags: str) -> str:
    head = tags.split("||")[0].split("+")[0]
    pos = head[head.find("<") + 1:head.find(">")] if "<" in head else ""
    return pos if pos in POS_ROWS else "other"


def is_word(form: str) -> bool:
    return any(ch.isalpha() for ch in form)


def read_kaznerd(path: Path) -> list[list[str]]:
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        current.append(line.split()[0])
    if current:
        sentences.append(current)
    return sentences


def pct(a: int, b: int) -> float:
    return round(100 * a / b, 2) if b else 0.0


def gold_tags(tags: str) -> list[tuple[str, tuple[str, ...]]]:
    """(lemma, tags) of each reading's first sub-reading."""
    out = []
    for reading in tags.split("||"):
        head = reading.split("+")[0]
        lemma, _, rest = head.partition("<")
        out.append((lemma, tuple(rest[:-1].split("><")) if rest.endswith(">") else ()))
    return out


def score_gold(gold, predicted, stripped, shortest, undisambiguated) -> tuple[dict, dict, dict]:
    counts: dict[str, Counter] = {pos: Counter() for pos in (*POS_ROWS, "all")}
    known_split, skipped = Counter(), Counter()
    for i, sent in enumerate(gold):
        for j, (form, lemma, tags) in enumerate(sent):
            if not is_word(form):
                skipped["not a word"] += 1
                continue
            if lemma.startswith("*") or not lemma:
                skipped["no gold lemma"] += 1
                continue
            allowed = gold_lemmas(lemma, tags)
            readings = predicted[i][j]
            best = readings[0]
            ok = best.lemma.casefold() in allowed
            gold_readings = gold_tags(tags)
            scores = {
                "apertium": ok,
                "kk_morph": stripped[i][j].casefold() in allowed,
                "apertium_shortest_lemma": shortest[i][j].lemma.casefold() in allowed,
                "apertium_pos": any(best.pos == (t[0] if t else "") for _, t in gold_readings),
                "apertium_full_tags": any(best.lemma.casefold() == gl.casefold() and
                                          best.tags == t for gl, t in gold_readings),
                "oracle_after_cg": any(a.lemma.casefold() in allowed for a in readings),
                "oracle_no_cg": any(a.lemma.casefold() in allowed for a in undisambiguated[i][j]),
                "lemma_ambiguous_after_cg": len({a.lemma.casefold() for a in readings}) > 1,
            }
            for row in (gold_pos(tags), "all"):
                counts[row].update(n=1, **scores)
            state = "known" if best.known else "unknown"
            known_split.update({f"{state}_n": 1, f"{state}_apertium": ok,
                                f"{state}_kk_morph": scores["kk_morph"]})
    accuracy = {row: {"tokens": c["n"], **{k: pct(c[k], c["n"]) for k in (
        "apertium", "kk_morph", "apertium_shortest_lemma", "apertium_pos", "apertium_full_tags",
        "oracle_after_cg", "oracle_no_cg", "lemma_ambiguous_after_cg")}}
        for row, c in counts.items() if c["n"]}
    by_known = {}
    for state in ("known", "unknown"):
        n = known_split[f"{state}_n"]
        by_known[state] = {"tokens": n, "apertium": pct(known_split[f"{state}_apertium"], n),
                           "kk_morph": pct(known_split[f"{state}_kk_morph"], n)}
    return accuracy, by_known, dict(skipped)


def evaluate(data: Path) -> dict:
    gold = read_gold(data / "kazakh-morph-gold" / "kaz_gold_morph.tsv")
    forms = [[form for form, _, _ in sent] for sent in gold]
    n_gold = sum(map(len, gold))
    whole_words = kk_rules(str(resolve("configs/numbers_kk.toml")))["whole_words"]

    with Analyser() as analyser:
        started = time.perf_counter()
        predicted = [analyser.readings(sent) for sent in forms]
        gold_seconds = time.perf_counter() - started
    with Analyser() as again:                 # determinism: a fresh process, the other order
        reverse = [again.readings(sent) for sent in reversed(forms)][::-1]
    changed = sum(a != b for a, b in zip(predicted, reverse))
    with Analyser(key=shortest_lemma) as other:
        shortest = [other.analyse(sent) for sent in forms]
    with Analyser(disambiguate=False) as bare:
        undisambiguated = [bare.readings(sent) for sent in forms]
    started = time.perf_counter()
    stripped = [[kk_lemma(form, whole_words) for form in sent] for sent in forms]
    strip_seconds = time.perf_counter() - started
    accuracy, by_known, skipped = score_gold(gold, predicted, stripped, shortest, undisambiguated)

    kaznerd = read_kaznerd(data / "kaznerd" / "IOB2_valid.txt")
    tokens = [tok for sent in kaznerd for tok in sent]
    with Analyser() as analyser:
        started = time.perf_counter()
        analyser.analyse(["бір"])
        cold_start = time.perf_counter() - started
        started = time.perf_counter()
        by_sentence = [a for sent in kaznerd for a in analyser.analyse(sent)]
        sentence_seconds = time.perf_counter() - started
        started = time.perf_counter()
        analyser.analyse(tokens)
        batch_seconds = time.perf_counter() - started
    words = [a for a in by_sentence if is_word(a.surface)]
    unknown = Counter(a.surface for a in words if not a.known)
    started = time.perf_counter()
    for tok in tokens:
        kk_lemma(tok, whole_words)
    km_seconds = time.perf_counter() - started
    gold_words = [r[0] for s in predicted for r in s if is_word(r[0].surface)]

    return {
        "gold": {"sentences": len(gold), "tokens": n_gold,
                 "scored_word_tokens": accuracy["all"]["tokens"], "skipped": skipped},
        "lemma_accuracy": accuracy,
        "by_apertium_known": by_known,
        "coverage": {
            "kaznerd_valid_sentences": len(kaznerd), "kaznerd_valid_tokens": len(tokens),
            "kaznerd_valid_word_tokens": len(words),
            "kaznerd_valid_known": pct(sum(a.known for a in words), len(words)),
            "kaznerd_valid_word_types": len({a.surface for a in words}),
            "kaznerd_valid_known_types": pct(len({a.surface for a in words if a.known}),
                                             len({a.surface for a in words})),
            "gold_known": pct(sum(a.known for a in gold_words), len(gold_words)),
            "kaznerd_top_unknown": unknown.most_common(30)},
        "speed_tokens_per_s": {
            "apertium_kaznerd_sentence_per_call": round(len(tokens) / sentence_seconds),
            "apertium_kaznerd_one_call": round(len(tokens) / batch_seconds),
            "apertium_gold_sentence_per_call": round(n_gold / gold_seconds),
            "apertium_cold_start_s": round(cold_start, 3),
            "kk_morph_kaznerd": round(len(tokens) / km_seconds),
            "kk_morph_gold": round(n_gold / strip_seconds)},
        "determinism": {"gold_sentences_changed_by_order": changed},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    report = evaluate(args.data)
    text = json.dumps(report, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
