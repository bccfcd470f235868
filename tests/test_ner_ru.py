"""The pipeline's natasha against natasha as its documentation runs it, on Collection5 news."""
import gzip
import json

from pipeline.ner_natasha import as_documented, tag_text
from tests.conftest import ROOT


def test_entities_and_normal_forms_are_natashas_own():
    """tag_text tags morphology only in sentences with an entity; nothing else may change."""
    with gzip.open(ROOT.parent / "shared/data/collection5/ne5.raw.jsonl.gz", "rt") as handle:
        texts = [json.loads(line)["source"]["text"] for line in handle]
    # the 858th holds an entity that natasha's sentences split ("С.Ястребов. С.Вахруков"),
    # filed under no sentence: its tokens must be tagged all the same
    texts = texts[:120] + [texts[857]]
    found = 0
    for text in texts:
        ours = tag_text(text)
        assert ours == as_documented(text)
        found += len(ours)
    assert found > 2500
