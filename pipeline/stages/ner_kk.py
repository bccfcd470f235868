"""Stage 5: stanza NER on Kazakh sentences, pretokenised with our tokens, from local files."""
from __future__ import annotations

import pyarrow.compute as pc

from pipeline import tables
from pipeline.config import resolve
from pipeline.kk_morph import name_lemma
from pipeline.kk_ner import bioes_spans, tag, unify_label
from pipeline.registry import StageContext, stage
from pipeline.spans import by_doc, doc_texts

CHUNK = 10000   # sentences per call to stanza


def model_files(model_dir: str) -> list[str]:
    """The weights decide the output; the card and training record beside them do not."""
    return sorted(str(p) for p in resolve(model_dir).glob("**/*.pt")) or [model_dir]


def kazakh_sentences(tokens: dict[str, list[dict]]) -> list[tuple[str, int, list[dict]]]:
    sentences = []
    for doc_id, toks in tokens.items():
        current: list[dict] = []
        for tok in toks:
            if tok["lang"] != "kk":
                continue
            if current and tok["sent_id"] != current[-1]["sent_id"]:
                sentences.append((doc_id, current[0]["sent_id"], current))
                current = []
            current.append(tok)
        if current:
            sentences.append((doc_id, current[0]["sent_id"], current))
    return sentences


def normal_form(words: list[str]) -> str:
    """Kazakh names inflect at the end: "Қасым-Жомарт Тоқаевтың" -> "Қасым-Жомарт Тоқаев"."""
    return " ".join(words[:-1] + [name_lemma(words[-1])])


def entities_for(sentences, model_dir: str, batch_size: int, progress) -> list[dict]:
    rows = []
    for i in range(0, len(sentences), CHUNK):
        chunk = sentences[i:i + CHUNK]
        tags = tag([[t["text"] for t in toks] for _, _, toks in chunk], model_dir, batch_size)
        for (doc_id, sent_id, toks), sent_tags in zip(chunk, tags):
            for first, last, label in bioes_spans(sent_tags):
                words = [t["text"] for t in toks[first:last]]
                label = unify_label(label)
                rows.append({"doc_id": doc_id, "sent_id": sent_id, "start": toks[first]["start"],
                             "end": toks[last - 1]["end"], "label": label,
                             "normal": normal_form(words) if label in ("PER", "LOC", "ORG")
                             else " ".join(words), "source": "stanza"})
        progress(len(chunk))
    return rows


@stage("ner_kk", "entities_kk.parquet", deps=("ingest", "tokens"),
       modules=("pipeline.kk_ner", "pipeline.kk_morph", "pipeline.spans"),
       data_files=lambda config: model_files(config["ner_kk"]["model_dir"]), schema="entities")
def ner_kk(ctx: StageContext):
    tokens = ctx.read("tokens").select(["doc_id", "sent_id", "start", "end", "text", "lang"])
    tokens = by_doc(tokens.filter(pc.equal(tokens["lang"], "kk")))   # Python objects for Kazakh only
    texts = doc_texts(ctx.read("ingest")) if tokens else {}
    sentences = kazakh_sentences(tokens)
    ctx.set_total(len(sentences))
    rows = entities_for(sentences, str(resolve(ctx.params["model_dir"])),
                        ctx.params["batch_size"], ctx.progress)
    for row in rows:
        row["text"] = texts[row["doc_id"]][row["start"]:row["end"]]
    return tables.to_table(rows, "entities")
