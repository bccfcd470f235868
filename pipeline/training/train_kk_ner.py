"""Train sanaq's Kazakh stanza NER model from KazNERD's IOB2_valid.txt only.

The KazNERD test split never enters this script: not as sentences, not as text for word
vectors, not for choosing checkpoints (early stopping uses a slice carved from IOB2_valid).

    python -m pipeline.training.train_kk_ner --data ../shared/data/kaznerd --out models/stanza-kk-ner

The shipped model was trained with one thread (OMP_NUM_THREADS=1, as `make train-kk-ner` does).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from pipeline.training.kaznerd import iob_spans, read_conll

DEV_EVERY = 10  # every 10th sentence of IOB2_valid.txt goes to the early-stopping slice
SEED = 1234
MODEL_NAME = "kk_kaznerd_nertagger.pt"
PRETRAIN_NAME = "kk_kaznerd.pretrain.pt"
CHARLM_NAME = "kk_kaznerd_{direction}_charlm.pt"


def split(sentences, block: int = 1):
    """Every DEV_EVERY-th block of `block` consecutive sentences is the early-stopping slice.

    KazNERD's sentences run in article order. Single sentences (block 1) leave the slice's
    articles, and so their names, in the training sentences: 63% of its entity strings occur
    there, against 56% for the test split. Blocks of 40 sentences give 55% and the test split's
    rate of unknown words (13% against 12.5%; single sentences: 8%), so the slice scores a model
    the way the test split will.
    """
    in_dev = [(i // block) % DEV_EVERY == 0 for i in range(len(sentences))]
    train = [s for s, dev in zip(sentences, in_dev) if not dev]
    dev = [s for s, dev in zip(sentences, in_dev) if dev]
    return train, dev


def with_replaced_mentions(train, copies: int, seed: int = SEED):
    """The training sentences, plus `copies` copies of each sentence with entities in which every
    mention is swapped for a random mention of the same class from the training sentences.

    The early-stopping slice shares articles (and so names) with the training sentences, the test
    split does not: a model that learns the contexts of names, not the names, fares better on
    articles it has never seen.
    """
    rng = random.Random(seed)
    mentions: dict[str, list[list[str]]] = {}
    for sent in train:
        for first, last, label in iob_spans([tag for _, tag in sent]):
            mentions.setdefault(label, []).append([tok for tok, _ in sent[first:last]])
    out = list(train)
    for _ in range(copies):
        for sent in train:
            spans = iob_spans([tag for _, tag in sent])
            if not spans:
                continue
            new, at = [], 0
            for first, last, label in spans:
                new += sent[at:first]
                swap = rng.choice(mentions[label])
                new += [(tok, ("B-" if i == 0 else "I-") + label) for i, tok in enumerate(swap)]
                at = last
            out.append(new + sent[at:])
    return out


def train_unknown_words(train, max_count: int, prob: float, seed: int = SEED) -> None:
    """Make stanza's tagger see the unknown-word vector while it trains.

    Every training word has a vector (they are built from the training text), so stanza never
    meets UNK in training, yet 13% of the test split's words are unknown: their word input is an
    untrained vector the tagger has never seen. Like Lample et al. (2016), each occurrence of a
    word seen at most `max_count` times in training becomes UNK with probability `prob` in
    training forward passes (in both the frozen vectors and stanza's trainable deltas); its
    characters stay. Evaluation passes and the saved model are untouched.
    """
    import torch
    from stanza.models.common.vocab import UNK_ID
    from stanza.models.ner.model import NERTagger

    counts: dict[str, int] = {}
    for sent in train:
        for tok, _ in sent:
            counts[tok.lower()] = counts.get(tok.lower(), 0) + 1
    rare = {word for word, n in counts.items() if n <= max_count}
    generator = torch.Generator().manual_seed(seed)
    forward, extract = NERTagger.forward, NERTagger.extract_static_embeddings
    pass_state = {"drop": None}

    def forward_with_unknowns(self, sentences, *args):
        pass_state["drop"] = None
        if self.training:
            width = max(len(sent) for sent in sentences)
            is_rare = torch.tensor([[i < len(sent) and sent[i].lower() in rare for i in range(width)]
                                    for sent in sentences])
            pass_state["drop"] = is_rare & (torch.rand(is_rare.shape, generator=generator) < prob)
        return forward(self, sentences, *args)

    def extract_with_unknowns(args, sents, vocab):
        words, mask = extract(args, sents, vocab)
        if pass_state["drop"] is not None:
            words = words.masked_fill(pass_state["drop"], UNK_ID)
        return words, mask

    NERTagger.forward = forward_with_unknowns
    NERTagger.extract_static_embeddings = staticmethod(extract_with_unknowns)


def save_snapshots(every: int, directory: Path) -> None:
    """Write the tagger's weights every `every` training steps, for `average_kk_ner` to average.

    stanza keeps only its best checkpoint; weights averaged along one SGD run (Izmailov et al.,
    2018) or over runs warm-started from one model ("model soups", Wortsman et al., 2022) sit
    nearer a wide optimum than any single checkpoint.
    """
    import torch
    from stanza.models.ner.trainer import Trainer

    directory.mkdir(parents=True, exist_ok=True)
    update, steps = Trainer.update, {"n": 0}

    def update_and_snapshot(self, batch, eval=False):
        loss = update(self, batch, eval=eval)
        if not eval:
            steps["n"] += 1
            if steps["n"] % every == 0:
                state = {k: v for k, v in self.model.state_dict().items()
                         if k.split(".")[0] not in self.model.unsaved_modules}
                torch.save(state, directory / f"step_{steps['n']:06d}.pt")
        return loss

    Trainer.update = update_and_snapshot


def write_stanza_json(sentences, path: Path) -> None:
    doc = [[{"text": tok, "ner": tag} for tok, tag in sent] for sent in sentences]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def build_pretrain(train, work: Path, out: Path, dim: int, epochs: int) -> None:
    """fastText (subword) vectors from the training text, saved as a stanza pretrain file.

    Kazakh is agglutinative: most word forms are rare, and character n-grams share
    evidence between "Астана", "Астанада", "Астанадағы".
    """
    from gensim.models import FastText
    from stanza.models.common.pretrain import Pretrain

    corpus = [[tok.lower() for tok, _ in sent] for sent in train]
    model = FastText(vector_size=dim, window=5, min_count=1, sg=1, min_n=2, max_n=5,
                     workers=1, seed=SEED, epochs=epochs)
    model.build_vocab(corpus_iterable=corpus)
    model.train(corpus_iterable=corpus, total_examples=len(corpus), epochs=epochs)
    vec_path = work / "kk_fasttext.vec"
    words = sorted(model.wv.key_to_index, key=lambda w: (-model.wv.get_vecattr(w, "count"), w))
    with open(vec_path, "w", encoding="utf-8") as handle:
        handle.write(f"{len(words)} {dim}\n")
        for word in words:
            vec = model.wv[word]
            handle.write(word + " " + " ".join(f"{x:.5f}" for x in vec) + "\n")
    Pretrain(str(out / PRETRAIN_NAME), str(vec_path), max_vocab=-1).load()


def build_charlms(train, dev, work: Path, out: Path, dim: int, epochs: int) -> list[str]:
    """Forward and backward character language models on the training text (stanza's charlm).

    They give the tagger contextual character features: endings and stems of words that the
    word vectors have never seen.
    """
    from stanza.models import charlm

    for name, sentences in (("train", train), ("dev", dev)):
        text = "\n".join(" ".join(tok for tok, _ in sent) for sent in sentences) + "\n"
        (work / f"charlm.{name}.txt").write_text(text, encoding="utf-8")
    for direction in ("forward", "backward"):
        charlm.main([
            "--train_file", str(work / "charlm.train.txt"), "--eval_file", str(work / "charlm.dev.txt"),
            "--direction", direction, "--shorthand", "kk_kaznerd", "--save_dir", str(out),
            "--save_name", CHARLM_NAME.format(direction=direction),
            "--vocab_save_name", f"charlm_{direction}_vocab.pt", "--no_checkpoint",
            "--char_hidden_dim", str(dim), "--epochs", str(epochs), "--cutoff", "5",
            "--eval_steps", "-1", "--seed", str(SEED),
        ])
        (out / f"charlm_{direction}_vocab.pt").unlink(missing_ok=True)
    return charlm_args(out)


def charlm_args(out: Path) -> list[str]:
    return ["--charlm", "--charlm_shorthand", "kk_kaznerd",
            "--charlm_forward_file", str(out / CHARLM_NAME.format(direction="forward")),
            "--charlm_backward_file", str(out / CHARLM_NAME.format(direction="backward"))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/kaznerd"))
    parser.add_argument("--out", type=Path, default=Path("models/stanza-kk-ner"))
    parser.add_argument("--work", type=Path, default=Path("build/kk-ner"))
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--vec-epochs", type=int, default=20)
    parser.add_argument("--max-steps", type=int, default=16000)
    parser.add_argument("--eval-interval", type=int, default=500)
    parser.add_argument("--device", default="cpu", help="torch device (cpu, cuda)")
    parser.add_argument("--reuse-vectors", action="store_true",
                        help="keep an existing pretrain file instead of rebuilding the vectors")
    parser.add_argument("--charlm-dim", type=int, default=0,
                        help="train character language models of this hidden size first (0: none)")
    parser.add_argument("--charlm-epochs", type=int, default=20)
    parser.add_argument("--dev-block", type=int, default=40,
                        help="carve the early-stopping slice in blocks of this many sentences")
    parser.add_argument("--augment", type=int, default=0,
                        help="add this many copies of the sentences with entities, mentions swapped "
                             "within their class (0: none)")
    parser.add_argument("--unk-rare", type=int, default=0,
                        help="train the unknown-word vector on words seen at most this many times "
                             "(0: off)")
    parser.add_argument("--unk-prob", type=float, default=0.5,
                        help="how often such a word becomes UNK in a training pass")
    parser.add_argument("--word-dropout", type=float, default=0.01,
                        help="stanza's word dropout (whole token inputs)")
    parser.add_argument("--seed", type=int, default=SEED, help="stanza's seed (batch order, dropout)")
    parser.add_argument("--snapshot-every", type=int, default=0,
                        help="also write the weights every this many steps to WORK/snapshots (0: off)")
    parser.add_argument("--continue", dest="resume", action="store_true",
                        help="continue training the model in --out (a warm restart of SGD's "
                             "learning rate), keeping its vectors")
    args = parser.parse_args(argv)

    random.seed(SEED)
    args.out.mkdir(parents=True, exist_ok=True)
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.time()

    train, dev = split(read_conll(args.data / "IOB2_valid.txt"), args.dev_block)
    print(f"train {len(train)} sentences, early-stopping slice {len(dev)}", flush=True)
    tagger_train = with_replaced_mentions(train, args.augment) if args.augment else train
    print(f"tagger trains on {len(tagger_train)} sentences", flush=True)
    write_stanza_json(tagger_train, args.work / "kk_kaznerd.train.json")
    write_stanza_json(dev, args.work / "kk_kaznerd.dev.json")
    if not ((args.reuse_vectors or args.resume) and (args.out / PRETRAIN_NAME).exists()):
        build_pretrain(train, args.work, args.out, args.dim, args.vec_epochs)
    print(f"vectors built in {time.time() - started:.0f}s", flush=True)
    with_charlm = []
    charlm_files = [args.out / CHARLM_NAME.format(direction=d) for d in ("forward", "backward")]
    if args.charlm_dim and args.resume and all(p.exists() for p in charlm_files):
        with_charlm = charlm_args(args.out)          # a continued model keeps its language models
    elif args.charlm_dim:
        with_charlm = build_charlms(train, dev, args.work, args.out, args.charlm_dim, args.charlm_epochs)
        print(f"character language models built in {time.time() - started:.0f}s", flush=True)

    from stanza.models import ner_tagger

    if args.unk_rare:
        train_unknown_words(train, args.unk_rare, args.unk_prob)
    every_step = []
    if args.snapshot_every:                         # no early stop: the averages want every step
        save_snapshots(args.snapshot_every, args.work / "snapshots")
        every_step = ["--max_steps_no_improve", str(args.max_steps)]
    resume = ["--finetune", "--finetune_load_name", str(args.out / MODEL_NAME)] if args.resume else []
    ner_tagger.main(resume + every_step + with_charlm + [
        "--mode", "train",
        "--shorthand", "kk_kaznerd",
        "--train_file", str(args.work / "kk_kaznerd.train.json"),
        "--eval_file", str(args.work / "kk_kaznerd.dev.json"),
        "--wordvec_pretrain_file", str(args.out / PRETRAIN_NAME),
        "--save_dir", str(args.out),
        "--save_name", MODEL_NAME,
        "--max_steps", str(args.max_steps),
        "--eval_interval", str(args.eval_interval),
        "--seed", str(args.seed),
        "--word_dropout", str(args.word_dropout),
        "--device", args.device,
    ])
    elapsed = time.time() - started
    record = args.out / "training_time.json"
    phases = json.loads(record.read_text()).get("phases", []) if args.resume and record.exists() else []
    command = "python -m pipeline.training.train_kk_ner " + " ".join(sys.argv[1:] if argv is None else argv)
    phases.append({"continued": args.resume, "max_steps": args.max_steps, "wall_seconds": round(elapsed),
                   "command": command})
    record.write_text(json.dumps({"phases": phases,
                                  "wall_seconds": sum(p["wall_seconds"] for p in phases)}) + "\n")
    print(f"training wall time {elapsed / 60:.1f} min", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
