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
import importlib.util
import json
import os
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import tables
from pipeline.config import resolve
from pipeline.document_pass import StageWork, only, run_documents
from pipeline.errors import UsageError
from pipeline.inputs import FORMATS, file_ids, format_of, input_files, input_root
from pipeline.registry import Stage, StageContext, load_stages

MANIFEST = "manifest.json"
LOCK = ".sanaq.lock"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_stats(given: Path) -> dict[str, tuple]:
    """Each input file's path under the input's folder, with its size, modification time and
    inode (or the error that stopped stat) and its id, in input_files order: what decides
    whether a file is read again."""
    root = input_root(given)
    relatives = [path.relative_to(root).as_posix() for path in input_files(given)]
    stats = {}
    for relative, file_id in file_ids(relatives).items():
        try:
            stat = (root / relative).stat()
            stats[relative] = (stat.st_size, stat.st_mtime_ns, stat.st_ino, file_id)
        except OSError as exc:
            stats[relative] = (repr(exc), file_id)
    return stats


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
        self._hashes: dict[tuple, str] = {}
        self._inputs: dict[str, tuple] | None = None

    def inputs(self) -> dict[str, tuple]:
        """input_stats of the input folder, listed once per run."""
        if self._inputs is None:
            self._inputs = input_stats(self.input_dir)
        return self._inputs

    def _input_entry(self, stage: Stage) -> dict:
        """What the manifest keeps of a run of a stage that reads the input folder: its recipe
        (rows hold file paths, so the folder as given is part of it) and the files' stats."""
        return {"recipe": _hash({"recipe": self.recipe_key(stage), "input_dir": str(self.input_dir)}),
                "files": self.inputs()}

    def _reusable_inputs(self, stage: Stage, manifest: dict, force: bool,
                         entry: dict) -> dict | tables.RowsInOrder:
        """The previous output's rows (by path, read as asked for) of the input files whose
        size, modification time and inode are as recorded, under the same settings, code and
        input folder: an update reads only new and changed files."""
        before = manifest.get(stage.name, {})
        path = self.output_path(stage.name)
        if (force or before.get("recipe") != entry["recipe"] or not path.exists()
                or self._sha(path) != before.get("output_sha256")):
            return {}
        recorded = before.get("files", {})
        root = input_root(self.input_dir)
        same = {str(root / rel) for rel, stat in entry["files"].items() if recorded.get(rel) == list(stat)}
        with self._readable(path, stage.name):
            return tables.RowsInOrder(path, same)

    def _sha(self, path: Path) -> str:
        """file_sha256, once per version of the file: a run asks for each output's, model file's
        and stage module's hash several times (stage keys, recipes, reuse checks)."""
        stat = path.stat()
        version = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ino)
        if version not in self._hashes:
            self._hashes[version] = file_sha256(path)
        return self._hashes[version]

    def _code_hash(self, stage: Stage) -> str:
        digest = hashlib.sha256()
        for module_name in sorted(set(stage.modules)):
            digest.update(module_name.encode())     # the source, found without importing it
            digest.update(self._sha(Path(importlib.util.find_spec(module_name).origin)).encode())
        return digest.hexdigest()

    # -- manifest ---------------------------------------------------------------
    def load_manifest(self) -> dict:
        try:
            return json.loads(self.manifest_path.read_text())
        except (OSError, ValueError):
            return {}

    def save_manifest(self, manifest: dict) -> None:
        """Streamed to the file: with a key per document and stage, the whole text at once
        would cost 200 MiB at 100,000 documents (json.dumps with indent builds it in pieces)."""
        tmp = self.manifest_path.with_suffix(".json.tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(manifest, handle, indent=1, sort_keys=True)
        os.replace(tmp, self.manifest_path)

    def output_path(self, name: str) -> Path:
        return self.output_dir / self.stages[name].output

    def _own_parts(self, stage: Stage) -> dict:
        """The stage's settings, code, data files and batch size."""
        data = {}
        for data_file in stage.data_files(self.config):
            path = resolve(data_file)
            data[data_file] = self._sha(path) if path.is_file() else _dir_hash(path)
        return {"params": stage.params(self.config), "code": self._code_hash(stage), "data": data,
                "batch": self.config["run"]["batch_documents"] if stage.per_document else None}

    def stage_key(self, stage: Stage, manifest: dict) -> str:
        """Hash of everything the stage's output depends on."""
        parts = {**self._own_parts(stage),
                 "deps": {dep: manifest.get(dep, {}).get("output_sha256") for dep in stage.deps}}
        if stage.reads_input:
            parts["input"] = self.inputs()
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
        return self._sha(path) == entry.get("output_sha256")

    # -- running ----------------------------------------------------------------
    def run(self, names: Iterable[str] | None = None, force: bool = False) -> dict[str, str]:
        selected = list(names) if names else list(self.stages)
        unknown = [n for n in selected if n not in self.stages]
        if unknown:
            raise UsageError(f"unknown stage {', '.join(unknown)}; stages: {', '.join(self.stages)}")
        selected = [n for n in self.stages if n in selected]   # pipeline order
        if "ingest" in selected:
            self._check_input()
        try:
            self.output_dir.mkdir(parents=True, exist_ok=True)
            probe = self.output_dir / ".write-test"
            probe.write_text("")
            probe.unlink()
        except OSError as exc:
            raise UsageError(f"output folder {self.output_dir} is not writable: {exc.strerror}") from None

        outcome: dict[str, str] = {}
        failures: list[str] = []
        self._inputs = None                                 # the folder as it is now
        with self._lock():
            for stale in self.output_dir.glob(".*.tmp"):   # left by a killed run
                stale.unlink(missing_ok=True)
            manifest = self.load_manifest()
            for position, name in enumerate(selected):
                if name in outcome:                         # ran in a document pass
                    continue
                stage = self.stages[name]
                if self._blocked(stage, outcome):
                    continue
                self._check_deps_exist(stage)
                if not force and self.is_current(name, manifest):
                    self.on_event(name, "up to date, skipped")
                    outcome[name] = "skipped"
                    continue
                if stage.per_document:
                    group = self._pass_stages(selected, stage, manifest, force, outcome)
                    failures += self._document_pass(group, manifest, force, outcome)
                    continue
                started = time.perf_counter()
                path = self.output_path(name)
                entry, reusable = {}, {}
                if stage.reads_input:
                    entry = self._input_entry(stage)
                    reusable = self._reusable_inputs(stage, manifest, force, entry)
                    to_read = len(entry["files"]) - len(reusable)
                    if reusable:
                        self.on_event(name, f"{to_read} new or changed files read, "
                                            f"{len(reusable)} unchanged reused")
                    if (to_read >= self.config["run"]["pool_from"]
                            and any(self.stages[n].per_document for n in selected[position:])):
                        self._engine().start()     # workers warm up while this stage reads
                n_rows = self._execute(stage, reusable, path)
                self._record(stage, manifest, n_rows, entry)
                self.save_manifest(manifest)
                self.on_event(name, f"{n_rows} rows -> {path} ({time.perf_counter() - started:.1f}s)")
                outcome[name] = "ran"
        if failures:
            raise UsageError("; ".join(failures))
        return outcome

    def _check_input(self) -> None:
        if not self.input_dir.exists():
            raise UsageError(f"input not found: {self.input_dir}")
        if self.input_dir.is_file() and not format_of(self.input_dir.name):
            kinds = ", ".join(FORMATS)
            raise UsageError(f"cannot read {self.input_dir}: sanaq reads {kinds} files, "
                             "each also gzipped (.gz)")

    def _blocked(self, stage: Stage, outcome: dict[str, str]) -> bool:
        blocked = [dep for dep in stage.deps if outcome.get(dep) in ("failed", "blocked")]
        if blocked:
            outcome[stage.name] = "blocked"
            self.on_event(stage.name, f"not run: it needs {', '.join(blocked)}, which failed")
        return bool(blocked)

    def _check_deps_exist(self, stage: Stage, computed: Iterable[str] = ()) -> None:
        for dep in stage.deps:
            if dep not in computed and not self.output_path(dep).exists():
                raise UsageError(
                    f"stage '{stage.name}' needs {self.output_path(dep)} from stage '{dep}', "
                    f"which is missing: run `sanaq run {dep}` (or `sanaq run` for all)")

    def _record(self, stage: Stage, manifest: dict, n_rows: int, entry: dict) -> None:
        """The stage's manifest entry, keyed by its deps' outputs as they are now."""
        path = self.output_path(stage.name)
        manifest[stage.name] = {"key": self.stage_key(stage, manifest),
                                "output_sha256": self._sha(path), "rows": n_rows, **entry}

    def _pass_stages(self, selected: list[str], first: Stage, manifest: dict, force: bool,
                     outcome: dict[str, str]) -> list[Stage]:
        """`first` and the selected per-document stages after it that are stale or read a stage
        of the pass: they run together, one pass over each partition of documents."""
        group = [first]
        for name in selected[selected.index(first.name) + 1:]:
            stage = self.stages[name]
            in_pass = {s.name for s in group}
            if not stage.per_document or self._blocked(stage, outcome):
                continue
            if force or in_pass & set(stage.deps) or not self.is_current(name, manifest):
                self._check_deps_exist(stage, in_pass)
                group.append(stage)
        return group

    def _document_pass(self, group: list[Stage], manifest: dict, force: bool,
                       outcome: dict[str, str]) -> list[str]:
        """The per-document stages of `group`, batch by batch, in corpus order, one Parquet row
        group per batch each. Only new or changed documents (under an unchanged recipe) are
        computed; the others' rows are copied from the previous output. Batches keep memory flat
        as the corpus grows. Returns the failures (a model that cannot load)."""
        started = time.perf_counter()
        documents = pq.read_table(self.output_path("ingest"), columns=["doc_id", "sha256"])
        doc_keys = dict(zip(documents["doc_id"].to_pylist(), documents["sha256"].to_pylist()))
        kept, recipes = {}, {}
        for stage in group:
            recipes[stage.name], kept[stage.name] = self._kept_documents(stage, manifest, force, doc_keys)
            if kept[stage.name]:
                self.on_event(stage.name, f"{len(doc_keys) - len(kept[stage.name])} new or changed "
                                          f"documents, {len(kept[stage.name])} reused")
        writers = {stage.name: tables.AtomicWriter(self.output_path(stage.name)) for stage in group}
        failed: dict[str, str | None] = {}          # stage -> its error; None: a dep failed
        size = self.config["run"]["batch_documents"]
        order = list(doc_keys)
        try:
            with self._progress("documents") as (advance, set_total):
                set_total(len(order))

                def write(batch: list[str], live: list[Stage], todo: dict, submitted: tuple) -> None:
                    """The batch's rows, computed and kept, appended to each stage's file in
                    corpus order; a stage whose result is an error (or None: a dep failed)
                    fails, and its file is dropped."""
                    fresh = self._collect(submitted, advance)
                    advance(len(set(batch).difference(*todo.values())))      # kept by every stage
                    for stage in (s for s in live if s.name not in failed):
                        result = fresh.get(stage.name)
                        if stage.name in fresh and not isinstance(result, pa.Table):
                            failed[stage.name] = result
                            writers.pop(stage.name).abort()
                            continue
                        reuse = [d for d in batch if d in kept[stage.name]]
                        parts = [result] if result is not None else []
                        if reuse:
                            parts.append(self._read(self.output_path(stage.name), reuse))
                        writers[stage.name].write(self._in_document_order(parts, stage, doc_keys))

                in_flight: deque = deque()
                for batch in [order[i:i + size] for i in range(0, len(order), size)] or [[]]:
                    live = [stage for stage in group if stage.name not in failed]
                    todo = {s.name: [d for d in batch if d not in kept[s.name]] for s in live}
                    in_flight.append((batch, live, todo, self._submit(live, todo)))
                    if len(in_flight) > 1:    # the next batch computes while this one is written
                        write(*in_flight.popleft())
                while in_flight:
                    write(*in_flight.popleft())
            rows = {name: writer.commit() for name, writer in writers.items()}
        except BaseException:
            for writer in writers.values():
                writer.abort()
            raise
        elapsed = time.perf_counter() - started
        failures = []
        for stage in group:
            if stage.name in rows:
                self._record(stage, manifest, rows[stage.name],
                             {"recipe": recipes[stage.name], "documents": doc_keys})
                self.on_event(stage.name, f"{rows[stage.name]} rows -> {self.output_path(stage.name)} "
                                          f"(pass of {len(group)} stages, {elapsed:.1f}s)")
                outcome[stage.name] = "ran"
            elif failed[stage.name] is None:
                self._blocked(stage, outcome)
            else:
                outcome[stage.name] = "failed"
                failures.append(f"{stage.name}: {failed[stage.name]}")
                self.on_event(stage.name, f"failed: {failed[stage.name]}")
        self.save_manifest(manifest)
        return failures

    def _kept_documents(self, stage: Stage, manifest: dict, force: bool, doc_keys: dict) -> tuple[str, set]:
        """The stage's recipe, and the documents whose rows its previous output already holds."""
        recipe = self.recipe_key(stage)
        before = manifest.get(stage.name, {})
        path = self.output_path(stage.name)
        reusable = (not force and before.get("recipe") == recipe and path.exists()
                    and self._sha(path) == before.get("output_sha256"))
        if not reusable:
            return recipe, set()
        return recipe, {d for d, key in doc_keys.items() if before.get("documents", {}).get(d) == key}

    def _submit(self, live: list[Stage], todo: dict[str, list[str]]) -> tuple:
        """Starts one pass over the batch's documents that have work, in partitions on the
        engine; returns the partitions and their results to come."""
        engine = self._engine()
        todo_sets = {name: set(docs) for name, docs in todo.items()}
        active = list(dict.fromkeys(d for docs in todo.values() for d in docs))
        if not active:
            return [], iter(())
        n_parts = engine.partitions(len(active))
        parts = [active[p::n_parts] for p in range(n_parts)]
        in_pass = {stage.name for stage in live}
        needed: dict[str, set] = {}              # dep -> documents whose rows must be given
        for stage in live:
            for dep in stage.deps:
                computed = todo_sets[dep] if dep in in_pass else set()
                needed.setdefault(dep, set()).update(todo_sets[stage.name] - computed)
        given = {dep: self._read(self.output_path(dep), sorted(docs), rebuild=dep)
                 for dep, docs in needed.items() if docs}
        calls = []
        for part in parts:
            members = set(part)
            work = [StageWork(s.name, tuple(d for d in part if d in todo_sets[s.name])) for s in live]
            calls.append(([w for w in work if w.doc_ids], self.config,
                          {dep: only(table, members) for dep, table in given.items()}))
        return parts, engine.map(run_documents, calls)

    @staticmethod
    def _collect(submitted: tuple, advance: Callable) -> dict:
        """Each stage's rows (or its error message, or None when a dep failed), merged."""
        parts, results = submitted
        merged: dict[str, list] = {}
        for part, result in zip(parts, results):
            for name, value in result.items():
                merged.setdefault(name, []).append(value)
            advance(len(part))
        return {name: _merge(values) for name, values in merged.items()}

    def _engine(self):
        if self.engine is None:
            from pipeline.parallel import LocalEngine

            self.engine = LocalEngine(self.workers, self.config["run"]["pool_from"])
        return self.engine

    def _in_document_order(self, parts: list[pa.Table], stage: Stage, doc_keys: dict) -> pa.Table:
        """Rows grouped by document in corpus order (stable within a document), in the stage's
        schema, so a partial rerun writes the same bytes as a full one."""
        schema = tables.SCHEMAS[stage.schema]
        table = pa.concat_tables([p.cast(schema) for p in parts]) if parts else schema.empty_table()
        rank = {doc_id: i for i, doc_id in enumerate(doc_keys)}
        order = pa.array([rank[d] for d in table["doc_id"].to_pylist()], pa.int64())
        return table.take(pc.sort_indices(order)).combine_chunks()

    @contextmanager
    def _progress(self, label: str):
        if self.progress_factory is None:
            yield (lambda n: None), (lambda n: None)
        else:
            with self.progress_factory(label) as callbacks:
                yield callbacks

    def _read(self, path: Path, only: list[str] | None = None, rebuild: str = "") -> pa.Table:
        with self._readable(path, rebuild):
            return tables.read(path, only)

    @staticmethod
    @contextmanager
    def _readable(path: Path, rebuild: str = ""):
        """An output that cannot be read is named, with the command that rebuilds it."""
        try:
            yield
        except Exception as exc:
            command = f"sanaq run {rebuild} --force" if rebuild else "sanaq run --force"
            raise UsageError(f"{path} is unreadable ({exc}); rebuild it with `{command}`") from None

    def _execute(self, stage: Stage, reusable: dict | tables.RowsInOrder, path: Path) -> int:
        """Runs the stage and writes its output (as it comes, if it comes in batches): the rows."""
        ctx = StageContext(stage=stage, config=self.config, input_dir=input_root(self.input_dir),
                           read=self._reader(stage), reusable=reusable,
                           inputs=list(self.inputs()) if stage.reads_input else [])
        with self._progress(stage.name) as (ctx.progress, ctx.set_total):
            return tables.write_atomic(stage.func(ctx), path)

    def _reader(self, stage: Stage) -> Callable[[str], pa.Table]:
        """Reads a declared upstream output."""
        cache: dict[str, pa.Table] = {}

        def read(dep: str) -> pa.Table:
            if dep not in stage.deps:
                raise RuntimeError(f"stage {stage.name} read undeclared dependency {dep}")
            if dep not in cache:
                cache[dep] = self._read(self.output_path(dep), rebuild=dep)
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


def _merge(values: list) -> pa.Table | str | None:
    """A stage's results from the partitions: its rows, or the first error, or None."""
    for value in values:
        if not isinstance(value, pa.Table):
            return value
    return pa.concat_tables(values)


def _hash(parts: dict) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _dir_hash(path: Path) -> str:
    digest = hashlib.sha256()
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(child.relative_to(path).as_posix().encode())
            digest.update(file_sha256(child).encode())
    return digest.hexdigest()
