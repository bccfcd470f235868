"""`--engine dask` gives the local engine's outputs byte for byte, on a two-worker LocalCluster."""
import shutil

from pipeline.engine_dask import DaskEngine
from tests.conftest import SEEDS, make_runner


def test_dask_engine_matches_local_engine_on_the_seeds(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "input")
    make_runner(tmp_path / "input", tmp_path / "local").run()
    runner = make_runner(tmp_path / "input", tmp_path / "dask")
    runner.engine = DaskEngine(workers=2)
    try:
        outcome = runner.run()
        assert runner.engine.client().scheduler_info()["workers"], "no Dask workers"
    finally:
        runner.engine.close()
    assert set(outcome.values()) == {"ran"}
    local = sorted((tmp_path / "local").glob("*.parquet"))
    assert len(local) == 8
    for path in local:
        assert (tmp_path / "dask" / path.name).read_bytes() == path.read_bytes(), path.name


def test_dask_engine_reruns_only_a_new_document(workdir):
    runner = make_runner(workdir / "input", workdir / "outputs")
    (workdir / "input" / "005_copy.txt").write_text(
        (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[3]).read_text(encoding="utf-8"), encoding="utf-8")
    events = []
    runner.on_event = lambda stage, message: events.append((stage, message))
    runner.engine = DaskEngine(workers=2)
    try:
        runner.run()
    finally:
        runner.engine.close()
    assert ("ner_kk", "1 new or changed documents, 5 reused") in events
