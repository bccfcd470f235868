"""`--engine dask`: the per-document stages run per partition of documents on dask.distributed.

A task is the local engine's own: one pass of the per-document stages over a partition of
documents (pipeline.document_pass); the runner puts the rows in corpus order, so the output is
the local engine's byte for byte. Each worker process keeps its models loaded between tasks
(the loaders cache per process). Stages that read the input folder or look across documents
(ingest, groups) stay on the client.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator

from pipeline.errors import UsageError

PARTITIONS_PER_WORKER = 2


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

    def start(self) -> None:
        self.client()

    def partitions(self, n_docs: int) -> int:
        n_workers = max(1, len(self.client().scheduler_info()["workers"]))
        return max(1, min(n_docs, n_workers * PARTITIONS_PER_WORKER))

    def map(self, func: Callable, calls: list[tuple]) -> Iterator:
        """func(*args) for each call on the cluster's workers, submitted now, results in order."""
        client = self.client()
        futures = [client.submit(func, *args, pure=False) for args in calls]
        return (future.result() for future in futures)

    def close(self) -> None:
        for resource in (self._client, self._cluster):
            if resource is not None:
                resource.close()
        self._client = self._cluster = None
