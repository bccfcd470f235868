"""Loading sanaq's Kazakh stanza NER model from local files, and tagging token lists.

Shared by the ner_kk stage and the evaluation script, so the score we publish is the score of
the code that runs. stanza refuses a model directory without resources.json and, if the
pretrain file is not named, silently uses random word vectors: both are handled here.
"""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.errors import ModelError

MODEL_FILE = "kk_kaznerd_nertagger.pt"
PRETRAIN_FILE = "kk_kaznerd.pretrain.pt"
HOW_TO_GET = "rebuild it with `make train-kk-ner` or restore it with `git checkout models/`"
LABELS = {"PERSON": "PER", "ORGANISATION": "ORG", "ORGANIZATION": "ORG", "GPE": "LOC",
          "LOCATION": "LOC", "LOC": "LOC", "PER": "PER", "ORG": "ORG"}


@dataclass(frozen=True)
class ModelFiles:
    directory: Path
    model: Path
    pretrain: Path

    @classmethod
    def find(cls, directory: Path) -> "ModelFiles":
        """Our file names, or a stanza download's (kk/ner/*.pt with kk/pretrain/*.pt)."""
        directory = Path(directory)
        model, pretrain = directory / MODEL_FILE, directory / PRETRAIN_FILE
        if not model.exists():
            found = sorted(directory.glob("**/ner/*.pt")) + sorted(directory.glob("*nertagger*.pt"))
            model = found[0] if found else model
        if not pretrain.exists():
            found = sorted(directory.glob("**/pretrain/*.pt")) + sorted(directory.glob("*pretrain*.pt"))
            pretrain = found[0] if found else pretrain
        for path, what in ((model, "NER model"), (pretrain, "word-vector pretrain")):
            if not path.is_file():
                raise ModelError(f"Kazakh {what} file not found: {path}; {HOW_TO_GET}")
        return cls(directory, model, pretrain)


@lru_cache(maxsize=2)
def load_pipeline(directory: str, batch_size: int = 64):
    import logging

    import stanza

    files = ModelFiles.find(Path(directory))
    logging.getLogger("stanza").setLevel(logging.ERROR)
    try:
        with _no_optimizer():
            return stanza.Pipeline(
                lang="kk", dir=str(_resources_dir()), processors="tokenize,ner",
                tokenize_pretokenized=True, ner_model_path=str(files.model),
                ner_pretrain_path=str(files.pretrain), ner_batch_size=batch_size,
                download_method=None, allow_unknown_language=True, use_gpu=False, logging_level="ERROR")
    except Exception as exc:   # stanza raises bare Exceptions/EOFError on damaged files
        reason = (str(exc).strip().splitlines() or [""])[0][:160]
        raise ModelError(f"cannot load the Kazakh NER model from {files.directory} "
                         f"({type(exc).__name__}: {reason}); {HOW_TO_GET}") from None


@contextmanager
def _no_optimizer():
    """stanza's NER trainer builds an SGD optimizer even to tag, and torch's first optimizer
    imports torch._dynamo (about a second per process). Tagging never steps it."""
    from stanza.models.common import utils

    build = utils.get_optimizer
    utils.get_optimizer = lambda *args, **kwargs: None
    try:
        yield
    finally:
        utils.get_optimizer = build


def _resources_dir() -> Path:
    """stanza wants a resources.json beside its models even when every path is given; a stub
    in sanaq's own temporary folder satisfies it without writing into the user's model folder."""
    folder = Path(tempfile.gettempdir()) / f"sanaq-stanza-{os.getuid()}"
    folder.mkdir(exist_ok=True)
    stub = folder / "resources.json"
    if not stub.exists():
        stub.write_text(json.dumps({"kk": {"lang_name": "Kazakh"}}))
    return folder


def tag(sentences: list[list[str]], directory: str, batch_size: int = 64) -> list[list[str]]:
    """BIOES tags (stanza's) for each pretokenised sentence."""
    if not sentences:
        return []
    nlp = load_pipeline(str(directory), batch_size)
    doc = nlp(sentences)
    return [[token.ner for token in sent.tokens] for sent in doc.sentences]


def bioes_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(first token, last token exclusive, label) from BIOES or IOB tags."""
    spans, start, label = [], None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, kind = tag.partition("-")
        if start is not None and (prefix in ("O", "B", "S") or kind != label):
            spans.append((start, i, label))
            start, label = None, None
        if prefix in ("B", "S") or (prefix in ("I", "E") and start is None):
            start, label = i, kind
        if prefix in ("E", "S") and start is not None:
            spans.append((start, i + 1, label))
            start, label = None, None
    return spans


def unify_label(label: str) -> str:
    return LABELS.get(label, label)
