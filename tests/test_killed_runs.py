"""A run killed at any moment leaves each output as it was or complete, and the next run heals."""
import shutil
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest

from tests.conftest import SEEDS, make_runner


@pytest.mark.parametrize("delay", [0.5, 4.0, 9.0])
def test_sigkill_then_rerun(tmp_path, seeds_run, delay):
    shutil.copytree(SEEDS, tmp_path / "input")
    out = tmp_path / "outputs"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", "--force",
                             "--input", str(tmp_path / "input"), "--output", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for path in out.glob("*.parquet"):
        pq.read_table(path)                       # never half a file
    make_runner(tmp_path / "input", out).run()
    assert not list(out.glob(".*.tmp"))
    for name in ("claims.parquet", "entities_ru.parquet", "entities_kk.parquet"):
        assert (out / name).read_bytes() == (seeds_run / name).read_bytes()
