"""Train sanaq's Kazakh POS tagger, lemmatizer and dependency parser (stanza, CPU, one thread).

    python -m pipeline.training.train_kk_syntax --morph ../shared/data/kazakh-morph-gold \
        --ktb ../shared/data/ud-kazakh-ktb --out models/stanza-kk-syntax

- POS tagger (UPOS, XPOS = first Apertium tag, FEATS) and lemmatizer: trained on
  kazakh-morph-gold (its approximate UD mapped to UD Kazakh-KTB's conventions, see
  `morph_gold_to_ktb`), early-stopped on a slice of it (every 10th block of 20 sentences), then
  measured on all of UD Kazakh-KTB, which neither ever sees (the corpora share no sentence).
- Dependency parser: trained on UD Kazakh-KTB (train + test merged, as its README asks) with the
  UPOS/XPOS/FEATS/lemmas that the tagger and lemmatizer above predict for it (the parser meets
  predicted tags at run time, so it trains on them). Cross-validated UAS/LAS over contiguous
  folds (documents stay together; 5 by default -- KTB's README asks for 10, which did not fit
  the CPU budget); every fold and the shipped model train for the same fixed
  number of steps, so no held-out fold ever picks a checkpoint. The shipped parser trains on all
  1,078 sentences.

Multiword tokens of UD-KTB (41, e.g. "Баласыз" = "бала" + "сыз") are collapsed into one word:
sanaq hands the parser its own surface tokens and has no MWT expander. The merged word takes
the analysis and attachment of the part whose head lies outside the token.

Word vectors: the KazNERD fastText pretrain of the NER model, used by path
(models/stanza-kk-ner/kk_kaznerd.pretrain.pt), never copied.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

SEED = 1234
SHORTHAND = "kk_sanaq"
TAGGER_NAME = "kk_syntax_tagger.pt"
LEMMA_NAME = "kk_syntax_lemmatizer.pt"
PARSER_NAME = "kk_syntax_parser.pt"
PRETRAIN = Path("models/stanza-kk-ner/kk_kaznerd.pretrain.pt")
DEV_EVERY, DEV_BLOCK = 10, 20
LOG_STEP = int(os.environ.get("KK_SYNTAX_LOG_STEP", "100"))

# Small networks: sanaq parses only sentences that hold a number, on CPU, one thread.
TAGGER_ARGS = ["--hidden_dim", "100", "--char_hidden_dim", "64", "--word_emb_dim", "50",
               "--deep_biaff_hidden_dim", "64", "--composite_deep_biaff_hidden_dim", "32",
               "--tag_emb_dim", "32", "--transformed_dim", "100", "--batch_size", "100"]
LEMMA_ARGS = ["--hidden_dim", "100", "--emb_dim", "50", "--pos_dim", "50", "--batch_size", "100"]
PARSER_ARGS = ["--hidden_dim", "160", "--char_hidden_dim", "100", "--word_emb_dim", "50",
               "--deep_biaff_hidden_dim", "160", "--deep_biaff_output_dim", "100",
               "--tag_emb_dim", "32", "--transformed_dim", "100", "--num_layers", "2",
               "--batch_size", "1500", "--optim", "adam", "--lr", "0.002", "--beta2", "0.95",
               "--no_second_optim", "--no_checkpoint"]

# UD Kazakh-KTB v2.8 renamed Apertium-derived features (its README's changelog); the morph-gold's
# udx conversion still has the old names.
FEATS_MAP = {
    "Tense=Aor": ["Aspect=Hab", "Tense=Pres"],
    "VerbForm=Cov": ["VerbForm=Inf"],
    "PronType=Qnt": ["PronType=Tot"],
    "PronType=Ref": ["PronType=Prs", "Reflex=Yes"],
    "Voice=Coop": ["Voice=Rcp"],
    "Mood=Vol": ["Mood=Des"],
    "Tense=FutPlan": ["Tense=Fut", "Mood=Des"],
}
# first Apertium tag -> UPOS where KTB's conversion differs from the morph-gold's approximate one
UPOS_MAP = {"cnjadv": "SCONJ"}   # KTB: SCONJ 15 of 19; morph-gold: ADV


# ---------------------------------------------------------------- CoNLL-U

def read_conllu(path: Path) -> list[list[list[str]]]:
    """Sentences as lists of 10-column rows, multiword tokens collapsed to surface words."""
    sentences, rows = [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if rows:
                sentences.append(collapse_mwt(rows))
            rows = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "." not in cols[0]:
                rows.append(cols)
    return sentences


def collapse_mwt(rows: list[list[str]]) -> list[list[str]]:
    ranges = {}
    for cols in rows:
        if "-" in cols[0]:
            a, b = map(int, cols[0].split("-"))
            ranges[a] = (b, cols)
    words = {int(c[0]): c for c in rows if "-" not in c[0]}
    out, new_id, i = [], {}, 1
    n = max(words) if words else 0
    while i <= n:
        if i in ranges:
            b, mwt = ranges[i]
            parts = [words[j] for j in range(i, b + 1)]
            outside = [p for p in parts if p[6] == "_" or not (i <= int(p[6]) <= b)]
            rep = outside[0] if outside else parts[0]
            merged = list(rep)
            merged[1], merged[9] = mwt[1], mwt[9]
            for j in range(i, b + 1):
                new_id[j] = len(out) + 1
            out.append(merged)
            i = b + 1
        else:
            new_id[i] = len(out) + 1
            out.append(list(words[i]))
            i += 1
    for k, cols in enumerate(out, 1):
        cols[0] = str(k)
        if cols[6] not in ("_", "0"):
            cols[6] = str(new_id[int(cols[6])])
        cols[8] = "_"
    return out


def write_conllu(sentences, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for k, sent in enumerate(sentences):
            handle.write(f"# sent_id = {k + 1}\n")
            handle.write(f"# text = {' '.join(c[1] for c in sent)}\n")
            for cols in sent:
                handle.write("\t".join(cols) + "\n")
            handle.write("\n")


# ---------------------------------------------------------------- morph-gold -> KTB conventions

def map_feats(feats: str) -> str:
    if feats == "_":
        return feats
    out = {}
    for feat in feats.split("|"):
        for new in FEATS_MAP.get(feat, [feat]):
            name, _, value = new.partition("=")
            out[name] = value
    return "|".join(f"{k}={v}" for k, v in sorted(out.items(), key=lambda kv: kv[0].lower()))


def morph_gold_to_ktb(sent: list[list[str]]) -> list[list[str]]:
    """The morph-gold's approximate UD as UD-KTB writes it.

    - XPOS: the first Apertium tag (KTB's XPOS), not the whole tag string;
    - UPOS: `cnjadv` SCONJ (KTB) not ADV; tokens without an analysis (X, 3.4%: mostly names and
      rare words) get PROPN if capitalised else NOUN, XPOS np/n, no features;
    - lemma: `_` (quotes) becomes the form, a leading `*` (Apertium's unknown word) is dropped;
    - FEATS: KTB v2.8's renamed features (FEATS_MAP).
    No head/deprel: the rows get a flat placeholder tree the tagger ignores. Tokens with an empty
    form (5) are dropped.
    """
    out = []
    for cols in (c for c in sent if c[1].strip()):      # 5 empty PUNCT forms in the source
        cols = list(cols)
        cols[0] = str(len(out) + 1)
        tags = cols[4].split("+")[0].split("||")[0]
        first = tags.split(".")[0]
        if cols[3] == "X" and first in ("_", ""):
            cols[3] = "PROPN" if cols[1][:1].isupper() else "NOUN"
            cols[4], cols[5] = ("np" if cols[3] == "PROPN" else "n"), "_"
            cols[8] = "noanalysis"
        else:
            cols[3] = UPOS_MAP.get(first, cols[3])
            cols[4] = first or "_"
            cols[5] = map_feats(cols[5])
        if cols[2] in ("_", "") or cols[2].startswith("*"):
            cols[2] = cols[2].lstrip("*") or cols[1]
        cols[6], cols[7] = ("0", "root") if cols[0] == "1" else ("1", "dep")
        out.append(cols)
    return out


def strip_unanalysed(sentences):
    """Sentences without the tokens that had no analysis (their lemma is a guess): for the
    lemmatizer, which lemmatises each word from its form and UPOS alone."""
    out = []
    for sent in sentences:
        kept = [list(c) for c in sent if c[8] != "noanalysis"]
        for k, cols in enumerate(kept, 1):
            cols[0], cols[6] = str(k), ("0" if k == 1 else "1")
            cols[7] = "root" if k == 1 else "dep"
        if kept:
            out.append(kept)
    return out


def clean_misc(sentences):
    return [[c[:8] + ["_", "_"] for c in s] for s in sentences]


def dev_split(sentences):
    in_dev = [(i // DEV_BLOCK) % DEV_EVERY == 0 for i in range(len(sentences))]
    return ([s for s, d in zip(sentences, in_dev) if not d], [s for s, d in zip(sentences, in_dev) if d])


# ---------------------------------------------------------------- scoring

def accuracy(pred_sents, gold_sents) -> dict:
    n = upos = lemma = feats = xpos = alltags = 0
    for ps, gs in zip(pred_sents, gold_sents):
        assert [c[1] for c in ps] == [c[1] for c in gs], "token mismatch"
        for p, g in zip(ps, gs):
            n += 1
            upos += p[3] == g[3]
            xpos += p[4] == g[4]
            feats += p[5] == g[5]
            lemma += p[2] == g[2]
            alltags += p[3] == g[3] and p[5] == g[5]
    return {"words": n, "upos": upos / n, "xpos": xpos / n, "ufeats": feats / n,
            "upos_ufeats": alltags / n, "lemma": lemma / n}


def attachment(pred_sents, gold_sents) -> dict:
    n = uas = las = las_univ = 0
    for ps, gs in zip(pred_sents, gold_sents):
        for p, g in zip(ps, gs):
            n += 1
            if p[6] == g[6]:
                uas += 1
                las += p[7] == g[7]
                las_univ += p[7].split(":")[0] == g[7].split(":")[0]
    return {"words": n, "uas": uas / n, "las": las / n, "las_universal": las_univ / n}


def with_tags_of(tagged, gold):
    """Gold trees with the predicted lemma/UPOS/XPOS/FEATS."""
    return [[g[:2] + p[2:6] + g[6:8] + ["_", "_"] for p, g in zip(ps, gs)] for ps, gs in zip(tagged, gold)]


# ---------------------------------------------------------------- stanza runs

def run_tagger(args_list):
    from stanza.models import tagger
    tagger.main(args_list)


def run_lemmatizer(args_list):
    from stanza.models import lemmatizer
    lemmatizer.main(args_list)


def run_parser(args_list):
    from stanza.models import parser
    parser.main(args_list)


def train_tagger(work: Path, out: Path, pretrain: Path, max_steps: int, device: str) -> None:
    run_tagger(TAGGER_ARGS + [
        "--mode", "train", "--shorthand", SHORTHAND, "--lang", "kk",
        "--train_file", str(work / "morph.train.conllu"), "--eval_file", str(work / "morph.dev.conllu"),
        "--output_file", str(work / "morph.dev.tagged.conllu"),
        "--wordvec_pretrain_file", str(pretrain), "--save_dir", str(out), "--save_name", TAGGER_NAME,
        "--max_steps", str(max_steps), "--max_steps_before_stop", "1500", "--eval_interval", "200",
        "--fix_eval_interval", "--seed", str(SEED), "--device", device, "--log_step", str(LOG_STEP),
    ])


def train_lemmatizer(work: Path, out: Path, epochs: int, device: str) -> None:
    run_lemmatizer(LEMMA_ARGS + [
        "--mode", "train", "--shorthand", SHORTHAND,
        "--train_file", str(work / "morph.lemma.train.conllu"),
        "--eval_file", str(work / "morph.lemma.dev.conllu"),
        "--output_file", str(work / "morph.lemma.dev.pred.conllu"),
        "--save_dir", str(out), "--save_name", LEMMA_NAME, "--num_epoch", str(epochs),
        "--decay_epoch", str(max(1, epochs // 2)), "--seed", str(SEED), "--device", device,
        "--log_step", str(LOG_STEP),
    ])


def tag_and_lemmatize(src: Path, dst: Path, out: Path, pretrain: Path, device: str) -> None:
    tagged = dst.with_suffix(".tagged.conllu")
    run_tagger(["--mode", "predict", "--shorthand", SHORTHAND, "--lang", "kk",
                "--eval_file", str(src), "--output_file", str(tagged),
                "--wordvec_pretrain_file", str(pretrain), "--save_dir", str(out),
                "--save_name", TAGGER_NAME, "--device", device])
    run_lemmatizer(["--mode", "predict", "--shorthand", SHORTHAND,
                    "--eval_file", str(tagged), "--output_file", str(dst),
                    "--save_dir", str(out), "--save_name", LEMMA_NAME, "--device", device])


def train_parser(train_file: Path, eval_file: Path, save_dir: Path, name: str, pretrain: Path,
                 steps: int, device: str) -> None:
    run_parser(PARSER_ARGS + [
        "--mode", "train", "--shorthand", SHORTHAND, "--lang", "kk",
        "--train_file", str(train_file), "--eval_file", str(eval_file),
        "--wordvec_pretrain_file", str(pretrain), "--save_dir", str(save_dir), "--save_name", name,
        "--max_steps", str(steps), "--eval_interval", str(10 * steps + 1),  # never: fixed steps
        "--max_steps_before_stop", str(10 * steps + 1), "--seed", str(SEED), "--device", device,
        "--log_step", str(LOG_STEP),
    ])


def parse_file(src: Path, dst: Path, save_dir: Path, name: str, pretrain: Path, device: str) -> None:
    run_parser(["--mode", "predict", "--shorthand", SHORTHAND, "--lang", "kk",
                "--eval_file", str(src), "--output_file", str(dst),
                "--wordvec_pretrain_file", str(pretrain), "--save_dir", str(save_dir),
                "--save_name", name, "--device", device])


def folds(n: int, k: int) -> list[range]:
    edges = [round(i * n / k) for i in range(k + 1)]
    return [range(edges[i], edges[i + 1]) for i in range(k)]


# ---------------------------------------------------------------- main

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--morph", type=Path, default=Path("../shared/data/kazakh-morph-gold"))
    parser.add_argument("--ktb", type=Path, default=Path("../shared/data/ud-kazakh-ktb"))
    parser.add_argument("--out", type=Path, default=Path("models/stanza-kk-syntax"))
    parser.add_argument("--work", type=Path, default=Path("build/kk-syntax"))
    parser.add_argument("--pretrain", type=Path, default=PRETRAIN)
    parser.add_argument("--tagger-steps", type=int, default=1500)
    parser.add_argument("--lemma-epochs", type=int, default=15)
    parser.add_argument("--parser-steps", type=int, default=250)
    parser.add_argument("--folds", type=int, default=5,
                        help="cross-validation folds (0: none); UD-KTB asks for 10, 5 fit the CPU budget")
    parser.add_argument("--stages", default="tagger,lemma,tagktb,parser,cv",
                        help="comma-separated subset of tagger,lemma,tagktb,parser,cv")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args(argv)

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import torch
    torch.set_num_threads(1)
    random.seed(SEED)
    torch.manual_seed(SEED)
    stages = set(args.stages.split(","))
    args.out.mkdir(parents=True, exist_ok=True)
    args.work.mkdir(parents=True, exist_ok=True)
    if not args.pretrain.is_file():
        raise SystemExit(f"word-vector pretrain not found: {args.pretrain} (build the NER model first)")
    scores_path = args.out / "scores.json"
    # a run from the tagger on starts a fresh record; a run of later stages adds to it
    scores = json.loads(scores_path.read_text()) if scores_path.exists() and "tagger" not in stages else {}
    times = scores.setdefault("wall_seconds", {})
    command = "python -m pipeline.training.train_kk_syntax " + " ".join(sys.argv[1:] if argv is None else argv)
    scores.setdefault("commands", []).append(command)
    import stanza
    scores["versions"] = {"stanza": stanza.__version__, "torch": torch.__version__.split("+")[0],
                          "python": sys.version.split()[0]}

    def save():
        scores_path.write_text(json.dumps(scores, indent=1, ensure_ascii=False) + "\n")

    # data
    morph = [s for s in (morph_gold_to_ktb(s) for s in read_conllu(args.morph / "kaz_gold_morph.approx-ud.conllu")) if s]
    ktb = clean_misc(read_conllu(args.ktb / "kk_ktb-ud-train.conllu") + read_conllu(args.ktb / "kk_ktb-ud-test.conllu"))
    m_train, m_dev = dev_split(morph)
    write_conllu(clean_misc(m_train), args.work / "morph.train.conllu")
    write_conllu(clean_misc(m_dev), args.work / "morph.dev.conllu")
    write_conllu(clean_misc(strip_unanalysed(m_train)), args.work / "morph.lemma.train.conllu")
    write_conllu(clean_misc(strip_unanalysed(m_dev)), args.work / "morph.lemma.dev.conllu")
    write_conllu(ktb, args.work / "ktb.gold.conllu")
    scores["data"] = {"morph_train_sentences": len(m_train), "morph_dev_sentences": len(m_dev),
                      "ktb_sentences": len(ktb), "ktb_words": sum(map(len, ktb))}
    print(json.dumps(scores["data"]), flush=True)

    if "tagger" in stages:
        t = time.time()
        train_tagger(args.work, args.out, args.pretrain, args.tagger_steps, args.device)
        times["tagger"] = round(time.time() - t)
        save()
    if "lemma" in stages:
        t = time.time()
        train_lemmatizer(args.work, args.out, args.lemma_epochs, args.device)
        times["lemmatizer"] = round(time.time() - t)
        save()
    if "tagktb" in stages:
        t = time.time()
        tag_and_lemmatize(args.work / "morph.dev.conllu", args.work / "morph.dev.pred.conllu",
                          args.out, args.pretrain, args.device)
        scores["morph_gold_dev_slice"] = accuracy(read_conllu(args.work / "morph.dev.pred.conllu"),
                                                  read_conllu(args.work / "morph.dev.conllu"))
        tag_and_lemmatize(args.work / "ktb.gold.conllu", args.work / "ktb.pred.conllu",
                          args.out, args.pretrain, args.device)
        pred = read_conllu(args.work / "ktb.pred.conllu")
        scores["ud_ktb_heldout_tagging"] = accuracy(pred, ktb)
        write_conllu(with_tags_of(pred, ktb), args.work / "ktb.predtags.conllu")
        times["tag_ktb"] = round(time.time() - t)
        print(json.dumps(scores["ud_ktb_heldout_tagging"]), flush=True)
        save()

    ktb_pred = read_conllu(args.work / "ktb.predtags.conllu")
    if "parser" in stages:
        t = time.time()
        write_conllu(ktb_pred, args.work / "ktb.all.conllu")
        train_parser(args.work / "ktb.all.conllu", args.work / "ktb.all.conllu", args.out, PARSER_NAME,
                     args.pretrain, args.parser_steps, args.device)
        times["parser"] = round(time.time() - t)
        save()
    if "cv" in stages and args.folds:
        t = time.time()
        parsed_all, gold_all, per_fold = [], [], []
        for k, fold in enumerate(folds(len(ktb_pred), args.folds)):
            train = [s for i, s in enumerate(ktb_pred) if i not in fold]
            test = [ktb_pred[i] for i in fold]
            fold_dir = args.work / f"fold{k}"
            fold_dir.mkdir(exist_ok=True)
            write_conllu(train, fold_dir / "train.conllu")
            write_conllu(test, fold_dir / "test.conllu")
            train_parser(fold_dir / "train.conllu", fold_dir / "test.conllu", fold_dir, "parser.pt",
                         args.pretrain, args.parser_steps, args.device)
            parse_file(fold_dir / "test.conllu", fold_dir / "test.pred.conllu", fold_dir, "parser.pt",
                       args.pretrain, args.device)
            parsed = read_conllu(fold_dir / "test.pred.conllu")
            per_fold.append(attachment(parsed, test))
            parsed_all += parsed
            gold_all += test
            (fold_dir / "parser.pt").unlink(missing_ok=True)
            print(f"fold {k}: {json.dumps(per_fold[-1])}", flush=True)
            scores["ud_ktb_cv_parsing"] = {"folds": args.folds, "folds_done": k + 1, "steps": args.parser_steps,
                                           "pooled": attachment(parsed_all, gold_all), "per_fold": per_fold}
            times["cv"] = round(time.time() - t)
            save()
    times["total"] = sum(v for k, v in times.items() if k != "total")
    save()
    print(json.dumps(scores, indent=1, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
