"""Shared fixtures: the whole pipeline run once on the seeds, into a temporary folder."""
from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.config import load_config
from pipeline.runner import Runner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
KAZNERD = ROOT.parent / "shared" / "data" / "kaznerd"


@pytest.fixture
def no_network(monkeypatch):
    """Any connection refused: models must load from local files only."""
    def refuse(*args, **kwargs):
        raise OSError("network disabled by the test")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def make_runner(input_dir: Path, output_dir: Path, config: dict | None = None) -> Runner:
    return Runner(config=config or load_config(), input_dir=input_dir, output_dir=output_dir)


@pytest.fixture(scope="session")
def seeds_run(tmp_path_factory) -> Path:
    """Outputs of a full run on a copy of the seeds."""
    base = tmp_path_factory.mktemp("seeds")
    shutil.copytree(SEEDS, base / "input")
    make_runner(base / "input", base / "outputs").run()
    return base / "outputs"


@pytest.fixture
def workdir(tmp_path, seeds_run):
    """A fresh copy of the seeds and of an up-to-date output folder."""
    shutil.copytree(SEEDS, tmp_path / "input")
    shutil.copytree(seeds_run, tmp_path / "outputs")
    # the manifest records the input folder; point this copy's run at the copy
    runner = make_runner(tmp_path / "input", tmp_path / "outputs")
    runner.run(["ingest"], force=True)
    runner.run()
    return tmp_path


@pytest.fixture(scope="session")
def seed_tables(seeds_run) -> dict[str, list[dict]]:
    return {path.stem: pq.read_table(path).to_pylist() for path in seeds_run.glob("*.parquet")}
