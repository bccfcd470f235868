"""The stage registry: stages declare what they read, write and depend on (as DVC stages do)."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import pyarrow as pa

STAGES: dict[str, "Stage"] = {}


@dataclass(frozen=True)
class Stage:
    name: str
    output: str                       # file name in the output folder
    deps: tuple[str, ...]             # earlier stages whose outputs it reads
    func: Callable[["StageContext"], pa.Table | Iterator[pa.Table]]   # a table, or its batches
    modules: tuple[str, ...] = ()     # helper modules whose code changes invalidate the output
    data_files: Callable[[dict], list[str]] = field(default=lambda config: [])
    reads_input: bool = False         # reads the input folder itself (ingest)
    per_document: bool = False        # each document's rows depend on that document alone
    schema: str | None = None         # its output's schema in pipeline.tables (per-document stages)

    def params(self, config: dict) -> Any:
        return config.get(self.name, {})


@dataclass
class StageContext:
    stage: Stage
    config: dict
    input_dir: Any
    read: Callable[[str], pa.Table]
    progress: Callable[[int], None] = lambda n: None   # advance the progress bar by n docs
    set_total: Callable[[int], None] = lambda n: None
    inputs: list[str] = field(default_factory=list)    # input files under input_dir (ingest)
    reusable: Any = field(default_factory=dict)   # .get(doc_id): an unchanged file's old row (ingest)

    @property
    def params(self) -> dict:
        return self.stage.params(self.config)


def stage(name: str, output: str, deps: tuple[str, ...] = (), modules: tuple[str, ...] = (),
          data_files: Callable[[dict], list[str]] | None = None, reads_input: bool = False,
          schema: str | None = None):
    """A stage; one given an output `schema` is per-document: its rows of a document depend on
    that document alone, so it can run on any partition of the corpus."""
    def register(func):
        STAGES[name] = Stage(name, output, deps, func, (func.__module__, *modules),
                             data_files or (lambda config: []), reads_input, schema is not None, schema)
        return func
    return register


STAGE_MODULES = ("ingest", "language", "tokens", "ner_ru", "ner_kk", "numbers", "claims", "groups")


def load_stages() -> dict[str, Stage]:
    for name in STAGE_MODULES:
        importlib.import_module(f"pipeline.stages.{name}")
    return {name: STAGES[name] for name in STAGE_MODULES}
