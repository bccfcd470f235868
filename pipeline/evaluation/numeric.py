"""Numeric claims against human gold: NEREL (ru) and KazNERD (kk), through `sanaq run`.

Recall: gold numeric spans overlapped by an `is_claim` row of numbers.parquet. Precision:
claims that overlap a gold numeric span and do not lie inside a gold DATE or TIME span. An
asserted duration (a claim of kind `duration`: "27 годам лишения свободы") that lies inside a
gold DATE span is left out of precision: both corpora mark every span of time DATE, so it is
neither right nor wrong there, and the figures stay comparable with those before durations were
claims. Exact: claim and gold span have the same characters (over the same claims). Gold
numeric spans nested inside another gold numeric span ("8,1 млн" inside "8,1 млн долларов") or
inside a DATE/TIME are not counted.

    python -m pipeline.evaluation.numeric --corpus nerel --split dev
    python -m pipeline.evaluation.numeric --corpus kaznerd --split valid
    python -m pipeline.evaluation.numeric --values tests/data/numeric_values_dev.tsv
    python -m pipeline.evaluation.numeric --values tests/data/numeric_units_dev.tsv --show 1

The last forms check normalisation: the value (and unit) numbers.parquet gives each hand-checked
span.
"""
from __future__ import annotations

import argparse
import collections
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.evaluation.common import lf_text, prf, run_pipeline, save_report, write_corpus
from pipeline.training.kaznerd import as_documents, read_conll

NUMERIC = {"nerel": ("NUMBER", "MONEY", "PERCENT"),
           "kaznerd": ("CARDINAL", "QUANTITY", "PERCENTAGE", "MONEY")}
TEMPORAL = ("DATE", "TIME")
SPLITS = {"nerel": ("train", "dev", "test"), "kaznerd": ("valid", "test")}
NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "»", "…"}
NO_SPACE_AFTER = {"(", "«"}


def load_nerel(data: Path, split: str):
    """Documents and (doc, start, end, type) gold spans; discontinuous spans are skipped."""
    docs, spans = {}, []
    for txt in sorted((data / "nerel" / "NEREL-v1.1" / split).glob("*.txt")):
        doc_id = f"nerel_{txt.stem}"
        text, mapping = lf_text(txt.read_text(encoding="utf-8"))
        docs[doc_id] = text
        for line in txt.with_suffix(".ann").read_text(encoding="utf-8").splitlines():
            if not line.startswith("T"):
                continue
            label, _, where = line.split("\t")[1].partition(" ")
            if ";" not in where:
                start, end = map(int, where.split())
                spans.append((doc_id, mapping[start], mapping[end], label))
    return docs, spans


def detokenize(tokens: list[str]) -> tuple[str, list[int]]:
    """KazNERD's space-separated tokens as running text ("74 , 9 %-ы" -> "74,9%-ы"), with each
    token's start: numbers should be read as a reader sees them, not as a tokenizer left them."""
    out, starts, glue_next = "", [], True
    for i, tok in enumerate(tokens):
        decimal_mark = (tok in {",", ".", ":"} and i and tokens[i - 1][-1:].isdigit()
                        and i + 1 < len(tokens) and tokens[i + 1][:1].isdigit())
        if not (glue_next or decimal_mark or tok in NO_SPACE_BEFORE or tok.startswith("%")):
            out += " "
        starts.append(len(out))
        out += tok
        glue_next = decimal_mark or tok in NO_SPACE_AFTER
    return out, starts


def load_kaznerd(data: Path, split: str):
    return as_documents(read_conll(data / "kaznerd" / f"IOB2_{split}.txt"), f"kaznerd_{split}", detokenize)


def _inside(span, others) -> bool:
    return any(o[1] <= span[1] and span[2] <= o[2] and o[:3] != span[:3] for o in others)


def gold_sets(spans, corpus: str):
    by_doc = collections.defaultdict(list)
    for s in spans:
        by_doc[s[0]].append(s)
    numeric, temporal = [], []
    for doc_spans in by_doc.values():
        nums = [s for s in doc_spans if s[3] in NUMERIC[corpus]]
        times = [s for s in doc_spans if s[3] in TEMPORAL]
        numeric += [s for s in nums if not _inside(s, nums) and not _inside(s, times)]
        temporal += times
    return numeric, temporal


def overlaps(a, b) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def _date_duration(claim: tuple, temporal: list[tuple]) -> bool:
    """An asserted duration inside a gold DATE span (claims are (doc, start, end, text, kind))."""
    return claim[4] == "duration" and any(t[3] == "DATE" and t[1] <= claim[1] and claim[2] <= t[2] for t in temporal)


def score(all_claims: list[tuple], numeric: list[tuple], temporal: list[tuple]) -> dict:
    by_doc = collections.defaultdict(lambda: ([], []))
    for g in numeric:
        by_doc[g[0]][0].append(g)
    for t in temporal:
        by_doc[t[0]][1].append(t)
    claims_by_doc = collections.defaultdict(list)
    for c in all_claims:
        claims_by_doc[c[0]].append(c)
    found = {g for g in numeric if any(overlaps(c, g) for c in claims_by_doc[g[0]])}
    claims = [c for c in all_claims if not _date_duration(c, by_doc[c[0]][1])]
    right = [c for c in claims
             if any(overlaps(c, g) for g in by_doc[c[0]][0])
             and not any(t[1] <= c[1] and c[2] <= t[2] for t in by_doc[c[0]][1])]
    exact = {(c[0], c[1], c[2]) for c in claims} & {(g[0], g[1], g[2]) for g in numeric}
    per_type = {}
    for label in sorted({g[3] for g in numeric}):
        of_type = [g for g in numeric if g[3] == label]
        per_type[label] = {"gold": len(of_type), "recall": round(len(found & set(of_type)) / len(of_type), 4)}
    return {"recall": round(len(found) / len(numeric), 4) if numeric else 0.0,
            "precision": round(len(right) / len(claims), 4) if claims else 0.0,
            "exact": prf(len(exact), len(claims), len(numeric)),
            "gold": len(numeric), "claims": len(claims), "date_durations": len(all_claims) - len(claims),
            "per_type": per_type}


def evaluate(corpus: str, split: str, data: Path, show: int = 0) -> dict:
    docs, spans, numbers = run_numbers(corpus, split, data)
    numeric, temporal = gold_sets(spans, corpus)
    claims = [(r["doc_id"], r["start"], r["end"], r["text"], r["kind"]) for r in numbers if r["is_claim"]]
    report = {"corpus": corpus, "split": split, "documents": len(docs), **score(claims, numeric, temporal)}
    save_report(f"numeric_{corpus}_{split}", report)
    if show:
        _show_errors(docs, claims, numeric, temporal, show)
    return report


def run_numbers(corpus: str, split: str, data: Path):
    """Documents, gold spans and numbers.parquet rows of one split, through the pipeline."""
    docs, spans = (load_nerel if corpus == "nerel" else load_kaznerd)(data, split)
    name = f"numeric_{corpus}_{split}"
    output = run_pipeline(name, write_corpus(name, docs), ["ingest", "language", "numbers"])
    return docs, spans, pq.read_table(output / "numbers.parquet").to_pylist()


def read_values(path: Path) -> list[dict]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line]


def normalisation(values_path: Path, data: Path, show: bool = False) -> dict:
    """Accuracy of numbers.parquet's value on hand-checked gold spans (those with one value),
    and of its unit where the sample has a unit column."""
    rows = read_values(values_path)
    valued, right, missed, wrong = 0, 0, [], []
    with_unit, unit_right = 0, 0
    for source in sorted({r["corpus"] for r in rows}):
        corpus, split = source.split(":")
        docs, _, numbers = run_numbers(corpus, split, data)
        by_doc = collections.defaultdict(list)
        for n in numbers:
            by_doc[n["doc_id"]].append(n)
        for r in (r for r in rows if r["corpus"] == source):
            start, end = int(r["start"]), int(r["end"])
            if docs[r["doc_id"]][start:end] != r["text"]:
                raise ValueError(f"{values_path}: {r['doc_id']} {start}-{end} is no longer {r['text']!r}")
            found = [n for n in by_doc[r["doc_id"]] if n["start"] < end and start < n["end"]]
            valued += r["value"] != "-"
            if not found:
                missed.append(r)
                continue
            best = max(found, key=lambda n: min(end, n["end"]) - max(start, n["start"]))
            if "unit" in r:
                with_unit += 1
                unit_right += best["unit"] == r["unit"]
            if r["value"] == "-":
                continue
            gold = float(r["value"])
            if best["value"] is not None and abs(best["value"] - gold) <= 1e-9 * max(1.0, abs(gold)):
                right += 1
            else:
                wrong.append((r, best["text"], best["value"], best["unit"]))
    if show:
        for r, text, value, unit in wrong:
            print(f"WRONG  {r['text']!r} = {r['value']} {r.get('unit', '')}: {text!r} -> {value} {unit}")
        for r in missed:
            print(f"MISSED {r['text']!r} = {r['value']}")
    detected = valued - sum(r["value"] != "-" for r in missed)
    report = {"spans": valued, "detected": detected, "correct": right,
              "accuracy": round(right / detected, 4) if detected else 0.0,
              "accuracy_all": round(right / valued, 4) if valued else 0.0,
              "sample": str(values_path)}
    if with_unit:
        report.update(units=with_unit, unit_correct=unit_right, unit_accuracy=round(unit_right / with_unit, 4))
    save_report(values_path.stem, report)
    return report


def _show_errors(docs, claims, numeric, temporal, n: int) -> None:
    """Missed gold spans and wrong claims in context, for development splits."""
    def context(doc_id, a, b):
        text = docs[doc_id]
        return (text[max(0, a - 40):a] + "[" + text[a:b] + "]" + text[b:b + 30]).replace("\n", " / ")
    missed = [g for g in numeric if not any(overlaps(c, g) for c in claims if c[0] == g[0])]
    wrong = [c for c in claims if not any(overlaps(c, g) for g in numeric if g[0] == c[0])]
    for g in missed[:n]:
        print("MISSED", g[3], "|", context(*g[:3]))
    for c in wrong[:n]:
        inside = [t[3] for t in temporal if overlaps(c, t)]
        print("WRONG ", ",".join(inside) or "-", "|", context(*c[:3]))


def print_values_report(r: dict) -> None:
    print(f"normalisation: {r['correct']} of {r['detected']} detected hand-checked spans have the "
          f"right value (accuracy {r['accuracy']:.3f}; {r['spans']} spans, {r['accuracy_all']:.3f} "
          f"counting undetected ones as wrong)")
    if "units" in r:
        print(f"units: {r['unit_correct']} of {r['units']} detected spans have the right unit "
              f"(accuracy {r['unit_accuracy']:.3f})")


def print_report(r: dict) -> None:
    e = r["exact"]
    print(f"{r['corpus']} {r['split']}: {r['gold']} gold numeric spans, {r['claims']} claims "
          f"(and {r['date_durations']} asserted durations inside gold DATE, left out of precision); "
          f"recall {r['recall']:.3f} precision {r['precision']:.3f}; exact-boundary "
          f"P {e['precision']:.3f} R {e['recall']:.3f} F1 {e['f1']:.3f}")
    for label, s in r["per_type"].items():
        print(f"  {label:12} recall {s['recall']:.3f} of {s['gold']}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(NUMERIC), default="nerel")
    parser.add_argument("--split", default=None, help="nerel: train/dev/test; kaznerd: valid/test")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--show", type=int, default=0, help="print N missed and N wrong (dev splits)")
    parser.add_argument("--values", type=Path, default=None,
                        help="check normalisation on this hand-checked sample instead")
    args = parser.parse_args(argv)
    if args.values:
        print_values_report(normalisation(args.values, args.data, bool(args.show)))
        return 0
    split = args.split or SPLITS[args.corpus][-1]
    if split not in SPLITS[args.corpus]:
        parser.error(f"--split for {args.corpus}: one of {', '.join(SPLITS[args.corpus])}")
    print_report(evaluate(args.corpus, split, args.data, args.show))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
