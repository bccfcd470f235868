"""What `--input` names: a folder (read recursively) or one file, the files in it that sanaq
reads, how each is read (by its extension), and each file's id."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

FORMATS = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl",
           ".csv": "csv", ".tsv": "tsv", ".parquet": "parquet"}
ARCHIVES = ("jsonl", "csv", "tsv", "parquet")     # one document a row
GZIP = ".gz"


def format_of(name: str) -> tuple[str, bool] | None:
    """The file's format and whether it is gzipped, or None for a file sanaq does not read."""
    path = Path(name.lower())
    gzipped = path.suffix == GZIP
    if gzipped:
        path = path.with_suffix("")
    return (FORMATS[path.suffix], gzipped) if path.suffix in FORMATS else None


def input_root(given: Path) -> Path:
    """The folder input paths are relative to: the input folder, or a single file's folder."""
    return given.parent if given.is_file() else given


def input_files(given: Path) -> list[Path]:
    """The readable files of the input, recursively, in a stable order."""
    if given.is_file():
        return [given] if format_of(given.name) else []
    return sorted((p for p in given.rglob("*") if format_of(p.name) and not p.is_dir()),
                  key=lambda p: p.relative_to(given).as_posix())


def file_ids(relatives: list[str]) -> dict[str, str]:
    """Each file's id: its path under the input without `.gz` and its format's extension
    ("2026/12/news.jsonl.gz" -> "2026/12/news"). Files that would share an id ("a.txt" and
    "a.html") keep their whole path as id, so that no two documents share one."""
    stems = {relative: _stem(relative) for relative in relatives}
    shared = Counter(stems.values())
    return {relative: stem if shared[stem] == 1 else relative for relative, stem in stems.items()}


def _stem(relative: str) -> str:
    path = Path(relative)
    if path.suffix.lower() == GZIP:
        path = path.with_suffix("")
    return path.with_suffix("").as_posix()
