"""sanaq's Kazakh POS tagger, lemmatizer and dependency parser (stanza), from local files only.

    from pipeline.kk_syntax import parse
    [words] = parse([["Тұрғындардың", "60", "пайызы", "жұмыс", "істейді", "."]])
    words[0].head == 3 and words[0].deprel == "nmod:poss"    # Тұрғындардың -> пайызы
    words[1].deprel == "nummod"; words[2].deprel == "nsubj"  # 60 -> пайызы -> істейді

Input is pretokenised (sanaq's own tokens; one Word per token, no multiword-token expansion).
Annotation follows UD Kazakh-KTB (see models/stanza-kk-syntax/MODEL_CARD.md): UPOS, XPOS = the
first Apertium tag, UD FEATS, Apertium-style lemmas (verb stems: "деді" -> "де"), and KTB's
relations, e.g. nmod:poss (genitive possessor), nsubj, obj, obl, nummod, amod, compound,
flat:name, conj, cc, cop, aux, advcl, acl:relcl, ccomp, punct.

The pipeline is built once per process and directory (functools.lru_cache); it never touches the
network (download_method=None, every model path given).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.config import resolve
from pipeline.errors import ModelError

MODEL_DIR = "models/stanza-kk-syntax"
PRETRAIN = "models/stanza-kk-ner/kk_kaznerd.pretrain.pt"
TAGGER_FILE = "kk_syntax_tagger.pt"
LEMMA_FILE = "kk_syntax_lemmatizer.pt"
PARSER_FILE = "kk_syntax_parser.pt"
SCORES_FILE = "scores.json"          # also records the stanza/torch versions it was trained with
REBUILD = "rebuild with `make train-kk-syntax`"
REBUILD_PRETRAIN = "rebuild it with `make train-kk-ner` or restore it with `git checkout models/`"


@dataclass(frozen=True)
class Word:
    id: int          # 1-based position in the sentence
    text: str
    lemma: str
    upos: str
    xpos: str        # first Apertium tag: n, v, np, adj, num, post, cop, ...
    feats: str       # UD FEATS string, "" when none ("Case=Gen|Number=Plur")
    head: int        # 1-based id of the head word, 0 = root
    deprel: str      # UD Kazakh-KTB relation, e.g. "nmod:poss", "nsubj", "root"

    def feat(self, name: str) -> str | None:
        """The value of one feature: Word.feat("Case") -> "Gen"."""
        for pair in self.feats.split("|") if self.feats else ():
            key, _, value = pair.partition("=")
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class ModelFiles:
    tagger: Path
    lemmatizer: Path
    parser: Path
    pretrain: Path

    @classmethod
    def find(cls, directory: str | Path, pretrain: str | Path | None = None) -> "ModelFiles":
        directory = Path(directory)
        files = cls(directory / TAGGER_FILE, directory / LEMMA_FILE, directory / PARSER_FILE,
                    Path(pretrain) if pretrain else resolve(PRETRAIN))
        for path, what, how in files.described():
            _check_file(path, what, how)
        return files

    def described(self):
        return ((self.tagger, "POS tagger", REBUILD), (self.lemmatizer, "lemmatizer", REBUILD),
                (self.parser, "dependency parser", REBUILD),
                (self.pretrain, "word-vector pretrain", REBUILD_PRETRAIN))


def _check_file(path: Path, what: str, how: str) -> None:
    if not path.is_file():
        raise ModelError(f"Kazakh syntax {what} file not found: {path}; {how}")


def _damaged(path: Path) -> str | None:
    """Why torch cannot read this file as a pickle (truncated, overwritten, not a model), or None.

    A class or module that the installed stanza lacks (ImportError, AttributeError) is a version
    mismatch, not damage, and is left to the caller."""
    import pickle

    import torch

    try:
        torch.load(path, map_location="cpu", weights_only=False)
    except (EOFError, pickle.UnpicklingError, UnicodeDecodeError, RuntimeError, ValueError, OSError) as exc:
        return f"{type(exc).__name__}: {(str(exc).strip().splitlines() or [''])[0][:160]}"
    except Exception:
        return None
    return None


def _versions(directory: Path) -> tuple[dict, dict]:
    """(trained with, installed) stanza and torch versions."""
    import stanza
    import torch

    installed = {"stanza": stanza.__version__, "torch": torch.__version__.split("+")[0]}
    try:
        trained = json.loads((directory / SCORES_FILE).read_text(encoding="utf-8"))["versions"]
    except (OSError, ValueError, KeyError, TypeError):
        trained = {}
    return {k: trained.get(k) for k in installed}, installed


@lru_cache(maxsize=2)
def load_pipeline(directory: str = MODEL_DIR, pretrain: str | None = None):
    """The stanza Pipeline (tokenize pretokenised, pos, lemma, depparse) for one model folder."""
    import logging

    import stanza

    from pipeline.kk_ner import _no_optimizer, _resources_dir

    directory_path = resolve(directory)
    files = ModelFiles.find(directory_path, pretrain)
    logging.getLogger("stanza").setLevel(logging.ERROR)
    try:
        with _no_optimizer():
            return stanza.Pipeline(
                lang="kk", dir=str(_resources_dir()), processors="tokenize,pos,lemma,depparse",
                tokenize_pretokenized=True,
                pos_model_path=str(files.tagger), pos_pretrain_path=str(files.pretrain),
                lemma_model_path=str(files.lemmatizer),
                depparse_model_path=str(files.parser), depparse_pretrain_path=str(files.pretrain),
                download_method=None, allow_unknown_language=True, use_gpu=False,
                logging_level="ERROR")
    except Exception as exc:   # stanza raises bare Exceptions/EOFError on damaged files
        for path, what, how in files.described():
            why = _damaged(path)
            if why:
                raise ModelError(f"Kazakh syntax {what} file is damaged: {path} ({why}); {how}") from None
        reason = f"{type(exc).__name__}: {(str(exc).strip().splitlines() or [''])[0][:200]}"
        trained, installed = _versions(directory_path)
        differs = {k: (trained[k], installed[k]) for k in installed
                   if trained[k] and trained[k] != installed[k]}
        if differs or isinstance(exc, (AttributeError, ImportError, TypeError, KeyError)) \
                or "state_dict" in str(exc) or "size mismatch" in str(exc):
            found = ", ".join(f"{k} {t} (installed: {i})" for k, (t, i) in differs.items())
            raise ModelError(
                f"cannot load the Kazakh syntax model from {directory_path}: a library version "
                f"mismatch, not a damaged file ({reason}). "
                + (f"It was trained with {found}; " if found else
                   "Installed: " + ", ".join(f"{k} {v}" for k, v in installed.items()) + "; ")
                + "install the versions pinned in pyproject.toml (stanza==1.15.0, torch==2.13.0) "
                  "instead of retraining") from exc
        raise ModelError(f"cannot load the Kazakh syntax model from {directory_path} ({reason}); "
                         f"if a file is damaged, {REBUILD}") from exc


def parse(sentences: list[list[str]], directory: str = MODEL_DIR,
          pretrain: str | None = None) -> list[list[Word]]:
    """Tag, lemmatise and parse pretokenised sentences; one Word per input token, in order.

    Empty sentences give empty lists. Heads are 1-based ids within the sentence, 0 = root.
    """
    out: list[list[Word]] = [[] for _ in sentences]
    todo = [i for i, sent in enumerate(sentences) if sent]
    if not todo:
        return out
    nlp = load_pipeline(str(directory), pretrain)
    # stanza cannot take empty tokens or tokens with spaces ("1 000"): spaces are dropped for
    # the model ("1000"); the Word keeps the original text
    doc = nlp([["".join(tok.split()) or "_" for tok in sentences[i]] for i in todo])
    for i, sent in zip(todo, doc.sentences):
        out[i] = [Word(id=int(w.id), text=sentences[i][k], lemma=w.lemma or sentences[i][k],
                       upos=w.upos or "X", xpos=w.xpos or "_", feats=w.feats or "",
                       head=int(w.head or 0), deprel=w.deprel or "dep")
                  for k, w in enumerate(sent.words)]
    return out


def to_conllu(words: list[Word]) -> str:
    """One parsed sentence as CoNLL-U lines (for inspecting a parse)."""
    return "\n".join("\t".join([str(w.id), w.text, w.lemma, w.upos, w.xpos, w.feats or "_",
                                str(w.head), w.deprel, "_", "_"]) for w in words) + "\n"
