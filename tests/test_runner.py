"""Stage runner: skipping, single-stage reruns, missing inputs, locks, determinism."""
import shutil

import pyarrow.parquet as pq

import pytest

from pipeline.config import load_config
from pipeline.errors import UsageError
from tests.conftest import SEEDS, make_runner

ALL = ["ingest", "language", "tokens", "ner_ru", "ner_kk", "numbers", "claims", "groups"]


def snapshot(folder):
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.glob("*.parquet")}


def test_unchanged_rerun_skips_everything(workdir):
    before = snapshot(workdir / "outputs")
    outcome = make_runner(workdir / "input", workdir / "outputs").run()
    assert outcome == {name: "skipped" for name in ALL}
    assert snapshot(workdir / "outputs") == before


def test_one_stage_rerun_touches_only_its_own_file(workdir):
    before = snapshot(workdir / "outputs")
    outcome = make_runner(workdir / "input", workdir / "outputs").run(["numbers"], force=True)
    assert outcome == {"numbers": "ran"}
    after = snapshot(workdir / "outputs")
    changed = {name for name in before if before[name][0] != after[name][0]}
    assert changed == {"numbers.parquet"}
    assert before["numbers.parquet"][1] == after["numbers.parquet"][1]   # same bytes again


def test_edited_input_reruns_downstream(workdir):
    (workdir / "input" / "new.txt").write_text("Построено 12 новых школ.", encoding="utf-8")
    outcome = make_runner(workdir / "input", workdir / "outputs").run()
    assert outcome["ingest"] == "ran" and outcome["claims"] == "ran"


def test_lexicon_change_reruns_numbers_and_claims_only(workdir, tmp_path):
    from pipeline.config import load_config

    config = load_config()
    lexicon = tmp_path / "numbers_ru.toml"
    lexicon.write_text((SEEDS.parent / "configs" / "numbers_ru.toml").read_text() + "\n# edited\n")
    config["numbers"]["lexicons"] = [str(lexicon), "configs/numbers_kk.toml"]
    outcome = make_runner(workdir / "input", workdir / "outputs", config).run()
    assert [n for n, o in outcome.items() if o == "ran"] == ["numbers", "claims"]


def test_corrupt_output_is_rebuilt_not_trusted(workdir):
    path = workdir / "outputs" / "tokens.parquet"
    path.write_bytes(path.read_bytes()[:100])
    outcome = make_runner(workdir / "input", workdir / "outputs").run()
    assert outcome["tokens"] == "ran"
    assert outcome["language"] == "skipped"


def test_missing_upstream_output_is_named(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "input")
    with pytest.raises(UsageError, match=r"stage 'numbers' needs .*documents.parquet.*sanaq run ingest"):
        make_runner(tmp_path / "input", tmp_path / "out").run(["numbers"])


def test_unknown_stage_and_missing_input(tmp_path):
    with pytest.raises(UsageError, match="unknown stage nope"):
        make_runner(tmp_path, tmp_path / "out").run(["nope"])
    with pytest.raises(UsageError, match="input not found"):
        make_runner(tmp_path / "missing", tmp_path / "out").run()


def test_second_run_on_the_same_output_is_refused(workdir):
    import fcntl

    with open(workdir / "outputs" / ".sanaq.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(UsageError, match="another sanaq run"):
            make_runner(workdir / "input", workdir / "outputs").run(force=True)


def test_same_inputs_give_byte_identical_tables(workdir, tmp_path):
    make_runner(workdir / "input", tmp_path / "again").run()
    for name in ("claims.parquet", "entities_ru.parquet", "entities_kk.parquet", "numbers.parquet"):
        assert (tmp_path / "again" / name).read_bytes() == (workdir / "outputs" / name).read_bytes(), name


@pytest.mark.parametrize("workers", [1, 2])
def test_missing_model_fails_its_stage_and_spares_the_others(tmp_path, workers, seeds_run):
    """In the parent (1) or in worker processes (2): the error names the model and how to get it.
    The other stages' files are whole."""
    from pipeline.config import load_config

    shutil.copytree(SEEDS, tmp_path / "input")
    config = load_config()
    config["ner_kk"]["model_dir"] = str(tmp_path / "no-model")
    config["run"]["pool_from"] = 0               # the pool, even for the five seeds
    config["run"]["batch_documents"] = 2         # and batches in flight when the error comes
    events = []
    runner = make_runner(tmp_path / "input", tmp_path / "out", config)
    runner.workers = workers
    runner.on_event = lambda stage, message: events.append((stage, message))
    try:
        with pytest.raises(UsageError, match=r"ner_kk: Kazakh NER model file not found: .*no-model.*make train-kk-ner"):
            runner.run()
    finally:
        runner.engine.close()
    assert {p.name for p in (tmp_path / "out").glob("*.parquet")} == {
        "documents.parquet", "segments.parquet", "tokens.parquet", "entities_ru.parquet",
        "numbers.parquet"}
    for name in ("segments", "tokens", "entities_ru", "numbers"):
        written = pq.read_table(tmp_path / "out" / f"{name}.parquet")
        assert written.equals(pq.read_table(seeds_run / f"{name}.parquet")), name
    assert ("claims", "not run: it needs ner_kk, which failed") in events


def test_cli_usage_errors_are_one_line(tmp_path):
    import subprocess
    import sys

    (tmp_path / "in").mkdir()
    (tmp_path / "a-file").write_text("")
    (tmp_path / "bad_value.toml").write_text("[ner_kk]\nbatch_size = \"many\"\n")
    (tmp_path / "bad.toml").write_text("[numbers]\nlexicon = 3\n")
    cases = [
        ["run", "--input", str(tmp_path / "missing")],
        ["run", "nope"],
        ["run", "--input", str(tmp_path / "in"), "--output", str(tmp_path / "a-file" / "out")],
        ["run", "--config", str(tmp_path / "bad_value.toml")],
        ["run", "--config", str(tmp_path / "bad.toml")],
    ]
    for args in cases:
        done = subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True,
                              text=True, cwd=tmp_path)
        assert done.returncode == 2, (args, done.stderr)
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "unknown config key 'numbers.lexicon'" in done.stderr


def test_same_tables_whatever_the_worker_count(tmp_path):
    """50 Collection5 news texts, in this process and on a pool of two."""
    import gzip
    import json

    from tests.conftest import ROOT

    src = tmp_path / "in"
    src.mkdir()
    with gzip.open(ROOT.parent / "shared/data/collection5/ne5.raw.jsonl.gz", "rt") as handle:
        for _, line in zip(range(50), handle):
            source = json.loads(line)["source"]
            (src / f"{source['id']}.txt").write_text(source["text"], encoding="utf-8")
    outputs = []
    config = load_config()
    config["run"]["pool_from"] = 0
    for workers in (1, 2):
        runner = make_runner(src, tmp_path / f"out{workers}", config)
        runner.workers = workers
        try:
            runner.run(["ingest", "language", "ner_ru"])
        finally:
            runner.engine.close()
        outputs.append((tmp_path / f"out{workers}" / "entities_ru.parquet").read_bytes())
    assert outputs[0] == outputs[1]
    assert pq.read_table(tmp_path / "out1" / "entities_ru.parquet").num_rows > 500


PER_DOCUMENT = ["language", "tokens", "ner_ru", "ner_kk", "numbers", "claims"]
NEREL_DEV = SEEDS.parent.parent / "shared" / "data" / "nerel" / "NEREL-v1.1" / "dev"


def _run_logged(input_dir, output_dir, workers=1, config=None, stages=None):
    runner = make_runner(input_dir, output_dir, config)
    runner.workers = workers
    events = []
    runner.on_event = lambda stage, message: events.append((stage, message))
    return runner.run(stages), events


def _same_bytes_as_a_full_run(workdir, tmp_path):
    full = tmp_path / "full"
    make_runner(workdir / "input", full).run()
    for path in sorted(full.glob("*.parquet")):
        assert path.read_bytes() == (workdir / "outputs" / path.name).read_bytes(), path.name


def test_a_new_document_is_the_only_one_reprocessed(workdir, tmp_path):
    """A Russian news text from NEREL dev joins the five seeds: every per-document stage runs
    on it alone, and the outputs are byte for byte those of a full run on all six. So little
    work runs in this process: no worker process is started for it."""
    import multiprocessing

    shutil.copy(NEREL_DEV / "119336_text.txt", workdir / "input" / "005_nerel.txt")
    before = set(multiprocessing.active_children())     # pools other tests left running
    outcome, events = _run_logged(workdir / "input", workdir / "outputs", workers=2)
    assert set(multiprocessing.active_children()) <= before
    assert all(outcome[s] == "ran" for s in PER_DOCUMENT)
    assert ("ingest", "1 new or changed files read, 5 unchanged reused") in events
    for stage in PER_DOCUMENT:
        assert (stage, "1 new or changed documents, 5 reused") in events
    _same_bytes_as_a_full_run(workdir, tmp_path)


def test_an_edited_and_a_removed_document(workdir, tmp_path):
    """The edit keeps the file's size: its modification time alone sends it to be read again."""
    seed = workdir / "input" / sorted(p.name for p in SEEDS.glob("*.txt"))[1]
    seed.write_text(seed.read_text(encoding="utf-8").replace("5 тыс.", "6 тыс."), encoding="utf-8")
    (workdir / "input" / sorted(p.name for p in SEEDS.glob("*.txt"))[4]).unlink()
    _, events = _run_logged(workdir / "input", workdir / "outputs")
    assert ("ingest", "1 new or changed files read, 3 unchanged reused") in events
    assert ("numbers", "1 new or changed documents, 3 reused") in events
    claims = pq.read_table(workdir / "outputs" / "claims.parquet").to_pylist()
    assert 6000 in {c["value"] for c in claims} and not any(c["doc_id"].startswith("004") for c in claims)
    _same_bytes_as_a_full_run(workdir, tmp_path)


def test_batches_of_documents_give_the_same_rows(seeds_run, tmp_path):
    """Two documents at a time: one Parquet row group per batch (ingest's too, so that a batch
    reads its documents' texts, not the corpus'), the same rows as one batch."""
    from pipeline.config import load_config

    config = load_config()
    config["run"]["batch_documents"] = 2
    shutil.copytree(SEEDS, tmp_path / "input")
    make_runner(tmp_path / "input", tmp_path / "out", config).run()
    for name in ["ingest", *PER_DOCUMENT]:
        output = make_runner(tmp_path / "input", tmp_path / "out").stages[name].output
        batched = pq.ParquetFile(tmp_path / "out" / output)
        assert batched.metadata.num_row_groups == 3, output
        whole = pq.read_table(seeds_run / output)
        same = [c for c in whole.column_names if c != "path"]     # the input copy's path differs
        assert batched.read(columns=same).equals(whole.select(same)), output


def test_an_update_in_batches_reuses_rows_around_the_new_file(tmp_path):
    """A new file that sorts between two seeds, with two documents a batch: ingest reads it
    alone, takes the other five rows from the previous file as it goes, and writes what a full
    run writes."""
    config = load_config()
    config["run"]["batch_documents"] = 2
    shutil.copytree(SEEDS, tmp_path / "input")
    make_runner(tmp_path / "input", tmp_path / "out", config).run(["ingest"])
    shutil.copy(NEREL_DEV / "119336_text.txt", tmp_path / "input" / "002_0_nerel.txt")
    _, events = _run_logged(tmp_path / "input", tmp_path / "out", config=config, stages=["ingest"])
    assert ("ingest", "1 new or changed files read, 5 unchanged reused") in events
    make_runner(tmp_path / "input", tmp_path / "full", config).run(["ingest"])
    updated = tmp_path / "out" / "documents.parquet"
    assert updated.read_bytes() == (tmp_path / "full" / "documents.parquet").read_bytes()
    assert pq.ParquetFile(updated).metadata.num_row_groups == 3
    assert pq.read_table(updated, columns=["doc_id"])["doc_id"].to_pylist()[2] == "002_0_nerel"
