"""The Kazakh NER model: loads from local files only, with its own word vectors, and tags."""
import shutil

import pytest
import torch

from pipeline.config import resolve
from pipeline.errors import ModelError
from pipeline.kk_ner import PRETRAIN_FILE, bioes_spans, load_pipeline, tag, unify_label
from tests.conftest import KAZNERD

MODEL_DIR = str(resolve("models/stanza-kk-ner"))
SENTENCE = ('" AMANAT " партиясының Атқарушы хатшысы Асхат Оралов оларды үгіт-насихат және талдау '
            'орталықтарының жұмысымен таныстырды .').split()


def entities(tokens, tags):
    return {(" ".join(tokens[a:b]), unify_label(label)) for a, b, label in bioes_spans(tags)}


def test_loads_and_tags_with_the_network_disabled(no_network):
    load_pipeline.cache_clear()
    [tags] = tag([SENTENCE], MODEL_DIR)
    found = entities(SENTENCE, tags)
    assert ("Асхат Оралов", "PER") in found


def test_the_shipped_word_vectors_are_loaded_not_random():
    """stanza silently uses random vectors when the pretrain path is left out."""
    from stanza.models.common.pretrain import Pretrain

    nlp = load_pipeline(MODEL_DIR)
    loaded = nlp.processors["ner"].trainers[0].model.word_emb.weight.detach()
    shipped = Pretrain(f"{MODEL_DIR}/{PRETRAIN_FILE}", save_to_file=False).emb
    assert loaded.shape == shipped.shape
    assert torch.allclose(loaded, shipped.to(loaded.dtype))


def test_missing_pretrain_is_named(tmp_path):
    shutil.copy(f"{MODEL_DIR}/kk_kaznerd_nertagger.pt", tmp_path)
    with pytest.raises(ModelError, match=r"pretrain file not found: .*kk_kaznerd.pretrain.pt"):
        tag([SENTENCE], str(tmp_path))


def test_damaged_model_is_named(tmp_path):
    shutil.copy(f"{MODEL_DIR}/{PRETRAIN_FILE}", tmp_path)
    (tmp_path / "kk_kaznerd_nertagger.pt").write_bytes(b"not a model")
    with pytest.raises(ModelError, match=r"cannot load the Kazakh NER model .*make train-kk-ner"):
        tag([SENTENCE], str(tmp_path))


@pytest.mark.parametrize("tags,spans", [
    (["B-PER", "E-PER", "O", "S-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
    (["B-ORG", "I-ORG", "E-ORG"], [(0, 3, "ORG")]),
    (["I-PER", "I-PER", "O"], [(0, 2, "PER")]),
    (["B-PER", "B-PER"], [(0, 1, "PER"), (1, 2, "PER")]),
])
def test_bioes_spans(tags, spans):
    assert bioes_spans(tags) == spans


def test_kaznerd_labels_map_to_one_vocabulary():
    assert [unify_label(x) for x in ("PERSON", "ORGANISATION", "GPE", "LOCATION", "NORP")] == \
        ["PER", "ORG", "LOC", "LOC", "NORP"]


def test_mention_replacement_keeps_contexts_and_swaps_names_within_their_class():
    from pipeline.training.kaznerd import iob_spans, read_conll
    from pipeline.training.train_kk_ner import split, with_replaced_mentions

    train, _ = split(read_conll(KAZNERD / "IOB2_valid.txt")[:300])
    augmented = with_replaced_mentions(train, copies=1)
    assert augmented[:len(train)] == train
    copies = augmented[len(train):]
    with_entities = [s for s in train if iob_spans([t for _, t in s])]
    assert len(copies) == len(with_entities)
    mentions = {(label, tuple(tok for tok, _ in s[a:b]))
                for s in train for a, b, label in iob_spans([t for _, t in s])}
    changed = 0
    for original, copy in zip(with_entities, copies):
        spans = iob_spans([t for _, t in copy])
        assert [label for *_, label in spans] == [label for *_, label in iob_spans([t for _, t in original])]
        assert all((label, tuple(tok for tok, _ in copy[a:b])) in mentions for a, b, label in spans)
        outside = [tok for i, (tok, tag) in enumerate(copy) if tag == "O"]
        assert outside == [tok for tok, tag in original if tag == "O"]
        changed += copy != original
    assert changed > 0.9 * len(copies)
