# sanaq. `make extract` runs the pipeline on seeds/ into outputs/; `make test` runs the tests.
# Both create the virtual environment (.venv) first if it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SANAQ := $(BIN)/sanaq
STAGES := ingest language tokens ner_ru ner_kk numbers claims groups
DATA ?= ../shared/data

.PHONY: setup extract test report bench bench-archive clean train-kk-ner train-kk-syntax eval eval-kk-ner $(STAGES)

setup: $(VENV)/.installed

# torch first, from the local CPU wheel: an unpinned torch would pull CUDA packages.
$(VENV)/.installed: pyproject.toml
	@command -v hfst-proc >/dev/null && command -v cg-proc >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && echo "installing hfst cg3 (apt-get)" && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hfst cg3 >/dev/null; } || echo "warning: hfst-proc/cg-proc missing and apt-get impossible here; as root: apt-get install -y hfst cg3 (Kazakh analyser, pipeline/kk_apertium.py)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "torch==2.13.0" "setuptools<81"
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

extract: setup
	$(SANAQ) run

$(STAGES): setup
	$(SANAQ) run $@

report: extract
	$(SANAQ) report

test: setup
	$(BIN)/python -m pytest -q

# Reproducible training of the Kazakh NER model (about two hours on 2 cores; not part of CI):
# 12,000 steps, then a warm restart of the learning rate until the early-stopping slice stops
# improving; then the card is rewritten from a fresh evaluation.
train-kk-ner: setup
	$(BIN)/pip install --quiet "gensim==4.4.0"
	OMP_NUM_THREADS=1 $(BIN)/python -m pipeline.training.train_kk_ner --data $(DATA)/kaznerd --out models/stanza-kk-ner --dev-block 40 --max-steps 12000
	OMP_NUM_THREADS=1 $(BIN)/python -m pipeline.training.train_kk_ner --data $(DATA)/kaznerd --out models/stanza-kk-ner --dev-block 40 --continue --max-steps 16000
	$(BIN)/python -m pipeline.evaluation.ner_kk --data $(DATA)/kaznerd
	$(BIN)/python -m pipeline.training.model_card

# Apertium's Kazakh analyser and constraint grammar (GPL-3.0, run as a separate program by
# pipeline/kk_apertium.py), compiled from $(DATA)/apertium-kaz into models/apertium-kaz/ (about
# 30 s); installs the Debian packages hfst and cg3 first if hfst-proc is missing (as root).
.PHONY: apertium-kaz
apertium-kaz:
	$(PYTHON) -m pipeline.kk_apertium_build --source $(DATA)/apertium-kaz --out models/apertium-kaz

# Reproducible training of the Kazakh POS tagger, lemmatizer (kazakh-morph-gold) and dependency
# parser (UD Kazakh-KTB, 5-fold cross-validated), stanza on CPU, one thread (about 36 min; not
# part of CI). Reuses the NER model's word vectors; writes models/stanza-kk-syntax.
train-kk-syntax: setup
	OMP_NUM_THREADS=1 $(BIN)/python -m pipeline.training.train_kk_syntax --morph $(DATA)/kazakh-morph-gold --ktb $(DATA)/ud-kazakh-ktb --out models/stanza-kk-syntax --work build/kk-syntax

# Speed per stage, against bare natasha and stanza, incremental reruns, memory at 1x and 10x
# (about 10 min). Then `make bench-archive`: rows/s on JSON Lines archives of 10,000 and 100,000
# short rows built from $(DATA), and whether peak memory stays flat between them (about 15 min).
bench: setup
	$(BIN)/python -m pipeline.evaluation.bench --data $(DATA)

bench-archive: setup
	$(BIN)/python -m pipeline.evaluation.bench_archive --data $(DATA)

# Every evaluation through `sanaq run` on the test splits; prints the scoreboard (about 10 min).
eval: setup
	$(BIN)/python -m pipeline.evaluation --data $(DATA)

eval-kk-ner: setup
	$(BIN)/python -m pipeline.evaluation.ner_kk --data $(DATA)/kaznerd

clean:
	rm -rf outputs build .pytest_cache
