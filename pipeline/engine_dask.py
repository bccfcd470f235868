"""`--engine dask`: the per-document stages run per partition of documents on dask.distributed.

The stage functions are the local engine's own: a worker gets a partition's rows of each input
table, runs the stage on them and returns its rows; the runner puts the rows in corpus order,
so the output is the local engine's byte for byte. Each worker process keeps its models loaded
between tasks (the loaders cache per process). Stages that read the input folder or look across
documents (ingest, groups) stay on the client.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.errors import UsageError

PARTITIONS_PER_WORKER = 2


def run_partition(stage_name: str, config: dict, inputs: dict[str, pa.Table]) -> pa.Table:
    """On a worker: one stage over one partition's input rows."""
    from pipeline.registry import StageContext, load_stages

    stage = load_stages()[stage_name]
    ctx = StageContext(stage=stage, config=config, input_dir=None, read=inputs.__getitem__, workers=1)
    return stage.func(ctx)


@dataclass
class DaskEngine:
    scheduler: str | None = None          # an existing cluster's address; None: a LocalCluster
    workers: int = 2
    _client: object = field(default=None, repr=False)
    _cluster: object = field(default=None, repr=False)

    def client(self):
        if self._client is None:
            try:
                from distributed import Client, LocalCluster
            except ImportError:
                raise UsageError("--engine dask needs the 'distributed' package") from None
            if self.scheduler:
                try:
                    self._client = Client(self.scheduler, timeout="20s")
                except OSError as exc:
                    raise UsageError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from None
            else:
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                             processes=True, dashboard_address=None)
                self._client = Client(self._cluster)
        return self._client

    def run(self, stage_name: str, config: dict, inputs: dict[str, pa.Table], doc_ids: list[str]) -> pa.Table:
        """The stage over `doc_ids`, split into partitions that run on the cluster's workers."""
        client = self.client()
        n_workers = max(1, len(client.scheduler_info()["workers"]))
        n_parts = max(1, min(len(doc_ids), n_workers * PARTITIONS_PER_WORKER))
        futures = []
        for part in range(n_parts):
            wanted = pa.array(doc_ids[part::n_parts], pa.string())
            chunk = {name: table.filter(pc.is_in(table["doc_id"], wanted)) for name, table in inputs.items()}
            futures.append(client.submit(run_partition, stage_name, config, chunk, pure=False))
        return pa.concat_tables(client.gather(futures)).combine_chunks()

    def close(self) -> None:
        for resource in (self._client, self._cluster):
            if resource is not None:
                resource.close()
        self._client = self._cluster = None
