"""Runs stages in order, skipping those whose inputs, settings, code and models are unchanged.

The manifest (`manifest.json` in the output folder) records, for each stage, the hash of
everything that went into its output and the hash of the output itself; an output that no
longer matches its recorded hash (truncated, edited, corrupt) is rebuilt, not trusted.

Per-document stages also record each document's content hash under their recipe (settings,
code and models, theirs and upstream): when only some documents changed, the stage runs on
those alone and keeps the other documents' rows, so an update costs what changed, not the corpus.
"""
from __future__ import annotations

import fcntl
import hashlib
import importlib
import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import tables
from pipeline.config import resolve
from pipeline.errors import ModelError, UsageError
from pipeline.registry import Stage, StageContext, load_stages

MANIFEST = "manifest.json"
LOCK = ".sanaq.lock"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(input_dir: Path) -> list[Path]:
    """Every *.txt under the input folder, recursively, in a stable order."""
    return sorted((p for p in input_dir.rglob("*.txt") if not p.is_dir()),
                  key=lambda p: p.relative_to(input_dir).as_posix())


def _code_hash(stage: Stage) -> str:
    digest = hashlib.sha256()
    for module_name in sorted(set(stage.modules)):
        module = importlib.import_module(module_name)
        digest.update(module_name.encode())
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def _input_hash(input_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in input_files(input_dir):
        digest.update(path.relative_to(input_dir).as_posix().encode())
        try:
            stat = path.stat()
            digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
        except OSError as exc:
            digest.update(repr(exc).encode())
    return digest.hexdigest()


@dataclass
class Runner:
    config: dict
    input_dir: Path
    output_dir: Path
    workers: int = 1
    on_event: Callable[[str, str], None] = lambda stage, message: None
    progress_factory: Callable | None = None
    engine: object | None = None      # pipeline.engine_dask.DaskEngine; None: this process

    def __post_init__(self):
        self.stages = load_stages()
        self.manifest_path = self.output_dir / MANIFEST

    # -- manifest ---------------------------------------------------------------
    def load_manifest(self) -> dict:
        try:
            return json.loads(self.manifest_path.read_text())
        except (OSError, ValueError):
            return {}

    def save_manifest(self, manifest: dict) -> None:
        tmp = self.manifest_path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True))
        os.replace(tmp, self.manifest_path)

    def output_path(self, name: str) -> Path:
        return self.output_dir / self.stages[name].output

    def _own_parts(self, stage: Stage) -> dict:
        """The stage's settings, code, data files and batch size."""
        data = {}
        for data_file in stage.data_files(self.config):
            path = resolve(data_file)
            data[data_file] = file_sha256(path) if path.is_file() else _dir_hash(path)
        return {"params": stage.params(self.config), "code": _code_hash(stage), "data": data,
                "batch": self.config["run"]["batch_documents"] if stage.per_document else None}

    def stage_key(self, stage: Stage, manifest: dict) -> str:
        """Hash of everything the stage's output depends on."""
        parts = {**self._own_parts(stage),
                 "deps": {dep: manifest.get(dep, {}).get("output_sha256") for dep in stage.deps}}
        if stage.reads_input:
            parts["input"] = _input_hash(self.input_dir)
            parts["input_dir"] = str(self.input_dir.resolve())
        return _hash(parts)

    def recipe_key(self, stage: Stage) -> str:
        """Settings, code and data files of the stage and of everything upstream: what decides
        a document's rows besides the document itself."""
        return _hash({**self._own_parts(stage),
                      "deps": {dep: self.recipe_key(self.stages[dep]) for dep in stage.deps}})

    def is_current(self, name: str, manifest: dict | None = None, key: str | None = None) -> bool:
        manifest = self.load_manifest() if manifest is None else manifest
        entry = manifest.get(name)
        path = self.output_path(name)
        if not entry or not path.exists():
            return False
        if entry.get("key") != (key or self.stage_key(self.stages[name], manifest)):
            return False
        return file_sha256(path) == entry.get("output_sha256")

    # -- running ----------------------------------------------------------------
    def run(self, names: Iterable[str] | None = None, force: bool = False) -> dict[str, str]:
        selected = list(names) if names else list(self.stages)
        unknown = [n for n in selected if n not in self.stages]
        if unknown:
            raise UsageError(f"unknown stage {', '.join(unknown)}; stages: {', '.join(self.stages)}")
        selected = [n for n in self.stages if n in selected]   # pipeline order
        if not self.input_dir.is_dir() and "ingest" in selected:
            raise UsageError(f"input folder not found: {self.input_dir}")
        try:
            self.output_dir.mkdir(parents=True, exist_ok=True)
            probe = self.output_dir / ".write-test"
            probe.write_text("")
            probe.unlink()
        except OSError as exc:
            raise UsageError(f"output folder {self.output_dir} is not writable: {exc.strerror}") from None

        outcome: dict[str, str] = {}
        failures: list[str] = []
        with self._lock():
            for stale in self.output_dir.glob(".*.tmp"):   # left by a killed run
                stale.unlink(missing_ok=True)
            manifest = self.load_manifest()
            for name in selected:
                stage = self.stages[name]
                blocked = [dep for dep in stage.deps if outcome.get(dep) in ("failed", "blocked")]
                if blocked:
                    outcome[name] = "blocked"
                    self.on_event(name, f"not run: it needs {', '.join(blocked)}, which failed")
                    continue
                for dep in stage.deps:
                    if not self.output_path(dep).exists():
                        raise UsageError(
                            f"stage '{name}' needs {self.output_path(dep)} from stage '{dep}', "
                            f"which is missing: run `sanaq run {dep}` (or `sanaq run` for all)")
                key = self.stage_key(stage, manifest)
                if not force and self.is_current(name, manifest, key):
                    self.on_event(name, "up to date, skipped")
                    outcome[name] = "skipped"
                    continue
                started = time.perf_counter()
                path = self.output_path(name)
                try:
                    table, entry = self._execute_documents(stage, manifest, force) \
                        if stage.per_document else (self._execute(stage, manifest), {})
                    n_rows = tables.write_atomic(table, path)    # batches are computed as written
                except ModelError as exc:        # the stages that do not need the model go on
                    outcome[name] = "failed"
                    failures.append(f"{name}: {exc}")
                    self.on_event(name, f"failed: {exc}")
                    continue
                manifest[name] = {"key": key, "output_sha256": file_sha256(path),
                                  "rows": n_rows, **entry}
                self.save_manifest(manifest)
                elapsed = time.perf_counter() - started
                self.on_event(name, f"{n_rows} rows -> {path} ({elapsed:.1f}s)")
                outcome[name] = "ran"
        if failures:
            raise UsageError("; ".join(failures))
        return outcome

    def _execute_documents(self, stage: Stage, manifest: dict, force: bool) -> tuple[Iterator[pa.Table], dict]:
        """Batches of a per-document stage's rows, in corpus order, one Parquet row group each.

        Only new or changed documents (under an unchanged recipe) are computed; the others'
        rows are copied from the previous output. Batches keep memory flat as the corpus grows.
        """
        documents = pq.read_table(self.output_path("ingest"), columns=["doc_id", "sha256"])
        doc_keys = dict(zip(documents["doc_id"].to_pylist(), documents["sha256"].to_pylist()))
        recipe = self.recipe_key(stage)
        entry = {"recipe": recipe, "documents": doc_keys}
        before = manifest.get(stage.name, {})
        path = self.output_path(stage.name)
        reusable = (not force and before.get("recipe") == recipe and path.exists()
                    and file_sha256(path) == before.get("output_sha256"))
        kept = {d for d, key in doc_keys.items()
                if reusable and before.get("documents", {}).get(d) == key}
        if kept:
            self.on_event(stage.name, f"{len(doc_keys) - len(kept)} new or changed documents, "
                                      f"{len(kept)} reused")
        size = self.config["run"]["batch_documents"]
        order = list(doc_keys)
        batches = [order[i:i + size] for i in range(0, len(order), size)] or [[]]

        def rows() -> Iterator[pa.Table]:
            schema = None
            for batch in batches:
                todo = [d for d in batch if d not in kept]
                parts = [self._execute_on(stage, manifest, todo)] if todo or not batch else []
                schema = parts[0].schema if parts else schema or self._execute_on(stage, manifest, []).schema
                reuse = [d for d in batch if d in kept]
                if reuse:
                    parts.append(self._read(path, reuse).cast(schema))  # Parquet reads list items as "element"
                yield self._in_document_order(pa.concat_tables(parts), doc_keys)

        return rows(), entry

    def _execute_on(self, stage: Stage, manifest: dict, doc_ids: list[str]) -> pa.Table:
        if self.engine is None or not doc_ids:
            return self._execute(stage, manifest, only=doc_ids)
        read = self._reader(stage, doc_ids)
        return self.engine.run(stage.name, self.config, {dep: read(dep) for dep in stage.deps}, doc_ids)

    @staticmethod
    def _in_document_order(table: pa.Table, doc_keys: dict) -> pa.Table:
        """Rows grouped by document in corpus order (stable within a document), so a partial
        rerun writes the same bytes as a full one."""
        rank = {doc_id: i for i, doc_id in enumerate(doc_keys)}
        order = pa.array([rank[d] for d in table["doc_id"].to_pylist()], pa.int64())
        return table.take(pc.sort_indices(order)).combine_chunks()

    def _read(self, path: Path, only: list[str] | None = None, rebuild: str = "") -> pa.Table:
        try:
            return tables.read(path, only)
        except Exception as exc:
            command = f"sanaq run {rebuild} --force" if rebuild else "sanaq run --force"
            raise UsageError(f"{path} is unreadable ({exc}); rebuild it with `{command}`") from None

    def _execute(self, stage: Stage, manifest: dict, only: list[str] | None = None) -> pa.Table:
        ctx = StageContext(stage=stage, config=self.config, input_dir=self.input_dir,
                           read=self._reader(stage, only), workers=self.workers)
        if self.progress_factory is None:
            return stage.func(ctx)
        with self.progress_factory(stage.name) as (advance, set_total):
            ctx.progress, ctx.set_total = advance, set_total
            return stage.func(ctx)

    def _reader(self, stage: Stage, only: list[str] | None) -> Callable[[str], pa.Table]:
        """Reads a declared upstream output, restricted to `only` documents when given."""
        cache: dict[str, pa.Table] = {}

        def read(dep: str) -> pa.Table:
            if dep not in stage.deps:
                raise RuntimeError(f"stage {stage.name} read undeclared dependency {dep}")
            if dep not in cache:
                cache[dep] = self._read(self.output_path(dep), only, rebuild=dep)
            return cache[dep]

        return read

    @contextmanager
    def _lock(self):
        path = self.output_dir / LOCK
        handle = open(path, "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise UsageError(f"another sanaq run ({holder}) is writing to {self.output_dir}; "
                             "wait for it to finish and try again") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()


def _hash(parts: dict) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _dir_hash(path: Path) -> str:
    digest = hashlib.sha256()
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(child.relative_to(path).as_posix().encode())
            digest.update(file_sha256(child).encode())
    return digest.hexdigest()
