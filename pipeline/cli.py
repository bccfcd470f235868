"""The `sanaq` command line."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.config import load_config
from pipeline.errors import UsageError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="sanaq: named entities and numeric claims from Russian and Kazakh news.")
console = Console(stderr=True)

SHOWN_COLUMNS = {
    "claims": ["doc_id", "lang", "text", "value", "qualifier", "unit", "object", "subject"],
    "entities": ["doc_id", "text", "label", "normal", "source"],
    "groups": ["value", "unit", "object_key", "n_docs", "langs", "first_published", "conflict"],
    "numbers": ["doc_id", "lang", "text", "value", "qualifier", "unit", "kind", "is_claim"],
    "documents": ["doc_id", "status", "encoding", "n_chars", "error"],
    "segments": ["doc_id", "sent_id", "lang", "lang_conf", "text"],
    "tokens": ["doc_id", "sent_id", "text", "lang"],
}
# the row filters of `show` and `export` (pipeline/filters.py)
DOC_OPTION = typer.Option(None, "--doc", "-d", help="Only this doc_id.")
LANG_OPTION = typer.Option(None, "--lang", "-l", help="Only rows in this language (ru, kk).")
SINCE_OPTION = typer.Option(None, "--since", help="Only documents published on or after this day (YYYY-MM-DD, UTC).")
UNTIL_OPTION = typer.Option(None, "--until", help="Only documents published on or before this day (YYYY-MM-DD, UTC).")
SOURCE_OPTION = typer.Option(None, "--source", help="Only documents from this source (any case).")


def _runner(config_path, input_dir, output_dir, workers=None, progress=False, ingest=None):
    """`ingest`: settings of the ingest stage given on the command line, over the config's."""
    from pipeline.runner import Runner

    config = load_config(config_path)
    config["ingest"].update({key: value for key, value in (ingest or {}).items() if value})
    runner = Runner(config=config,
                    input_dir=Path(input_dir or config["input"]),
                    output_dir=Path(output_dir or config["output"]),
                    workers=workers or os.cpu_count() or 1,
                    on_event=lambda stage, message: console.print(f"[bold]{stage:9}[/] {message}"))
    if progress and sys.stderr.isatty():
        runner.progress_factory = _progress_bar
    return runner


@contextmanager
def _progress_bar(name: str):
    with Progress(TextColumn(f"[bold]{name:9}[/]"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task(name, total=None)
        yield (lambda n: progress.advance(task, n)), (lambda n: progress.update(task, total=n))


def _fail(exc: Exception) -> None:
    console.print(f"[red]error:[/] {exc}", soft_wrap=True, highlight=False)
    raise typer.Exit(2)


@app.command()
def run(stages: Optional[List[str]] = typer.Argument(None, help="Stages to run (default: all)."),
        input: Optional[Path] = typer.Option(
            None, "--input", "-i", help="A folder (read recursively) or one file: .txt, .html, "
                                        ".jsonl, .csv, .tsv, .parquet, each also .gz."),
        output: Optional[Path] = typer.Option(None, "--output", "-o", help="Folder for the Parquet outputs."),
        force: bool = typer.Option(False, "--force", "-f", help="Rerun even if up to date."),
        config: Optional[Path] = typer.Option(None, "--config", "-c", help="A TOML file overriding configs/default.toml."),
        workers: Optional[int] = typer.Option(None, "--workers", "-w", help="Worker processes (default: cores)."),
        engine: str = typer.Option("local", "--engine", help="local, or dask (dask.distributed)."),
        scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                                help="With --engine dask: an existing scheduler's address "
                                                     "(default: a LocalCluster of --workers processes)."),
        id_column: Optional[str] = typer.Option(None, help="Archives: the column of each row's id."),
        text_column: Optional[str] = typer.Option(None, help="Archives: the column of the text."),
        title_column: Optional[str] = typer.Option(None, help="Archives: the column of the title."),
        url_column: Optional[str] = typer.Option(None, help="Archives: the column of the URL."),
        source_column: Optional[str] = typer.Option(None, help="Archives: the column of the source."),
        published_column: Optional[str] = typer.Option(None, help="Archives: the column of the date.")):
    """Run the pipeline, or the named stages, skipping what is up to date."""
    if engine not in ("local", "dask"):
        _fail(UsageError(f"unknown engine '{engine}'; use local or dask"))
    if scheduler and engine != "dask":
        _fail(UsageError("--scheduler needs --engine dask"))
    from pipeline.tables import arrow_without_pandas

    arrow_without_pandas()
    runner = None
    try:
        columns = {"id_column": id_column, "text_column": text_column, "title_column": title_column,
                   "url_column": url_column, "source_column": source_column,
                   "published_column": published_column}
        runner = _runner(config, input, output, workers, progress=engine == "local", ingest=columns)
        if engine == "dask":
            from pipeline.engine_dask import DaskEngine
            runner.engine = DaskEngine(scheduler=scheduler, workers=runner.workers)
        runner.run(stages or None, force=force)
    except UsageError as exc:
        _fail(exc)
    finally:
        if runner is not None and runner.engine is not None:
            runner.engine.close()


@app.command("stages")
def list_stages(input: Optional[Path] = typer.Option(None, "--input", "-i"),
                output: Optional[Path] = typer.Option(None, "--output", "-o"),
                config: Optional[Path] = typer.Option(None, "--config", "-c")):
    """Each stage, its output file and whether it is up to date."""
    try:
        runner = _runner(config, input, output)
    except UsageError as exc:
        _fail(exc)
    manifest = runner.load_manifest()
    table = Table("stage", "reads", "output", "rows", "status")
    for name, stage in runner.stages.items():
        path = runner.output_path(name)
        if not path.exists():
            status = "[red]missing[/]"
        elif runner.is_current(name, manifest):
            status = "[green]up to date[/]"
        else:
            status = "[yellow]stale[/]"
        table.add_row(name, ", ".join(stage.deps) or str(runner.input_dir), str(path),
                      str(manifest.get(name, {}).get("rows", "")), status)
    Console().print(table)


@app.command()
def show(what: str = typer.Argument("claims", help=f"One of: {', '.join(SHOWN_COLUMNS)}."),
         doc: Optional[str] = DOC_OPTION, lang: Optional[str] = LANG_OPTION,
         since: Optional[str] = SINCE_OPTION, until: Optional[str] = UNTIL_OPTION,
         source: Optional[str] = SOURCE_OPTION,
         limit: int = typer.Option(30, "--limit", "-n", help="Rows to show."),
         output: Optional[Path] = typer.Option(None, "--output", "-o"),
         config: Optional[Path] = typer.Option(None, "--config", "-c")):
    """Print an output table in the terminal."""
    from pipeline.filters import Filters
    from pipeline.outputs import read_output

    try:
        if what not in SHOWN_COLUMNS:
            raise UsageError(f"cannot show '{what}'; choose one of: {', '.join(SHOWN_COLUMNS)}")
        output_dir = _runner(config, None, output).output_dir
        filters = Filters.from_options(doc, lang, since, until, source)
        table = filters.apply(output_dir, what, read_output(output_dir, what))
    except UsageError as exc:
        _fail(exc)
    columns = SHOWN_COLUMNS[what]
    shown = Table(*columns, title=f"{what}: {len(table)} rows" + (f" ({filters.describe()})" if filters.active else ""))
    for row in table.slice(0, limit).to_pylist():
        shown.add_row(*(_cell(row[c]) for c in columns))
    Console().print(shown)


@app.command()
def export(what: str = typer.Argument(..., help="claims, entities or groups."),
           format: str = typer.Option(..., "--format", "-f", help="csv, jsonl or xlsx."),
           output: Path = typer.Option(..., "--output", "-o", help="The file to write."),
           doc: Optional[str] = DOC_OPTION, lang: Optional[str] = LANG_OPTION,
           since: Optional[str] = SINCE_OPTION, until: Optional[str] = UNTIL_OPTION,
           source: Optional[str] = SOURCE_OPTION,
           outputs: Optional[Path] = typer.Option(None, "--outputs", help="The run's output folder."),
           config: Optional[Path] = typer.Option(None, "--config", "-c")):
    """Write an output table to a CSV (UTF-8 with BOM), JSON Lines or Excel file."""
    from pipeline.export import export as export_table
    from pipeline.filters import Filters

    try:
        output_dir = _runner(config, None, outputs).output_dir
        n_rows = export_table(output_dir, what, format, output,
                              Filters.from_options(doc, lang, since, until, source))
    except UsageError as exc:
        _fail(exc)
    console.print(f"{n_rows} {what} rows written to {output}")


@app.command()
def report(output: Optional[Path] = typer.Option(None, "--output", "-o"),
           config: Optional[Path] = typer.Option(None, "--config", "-c")):
    """Write OUTPUT/report/index.html: summary, claim groups, claims, a page per document."""
    from pipeline.report import write_report

    try:
        runner = _runner(config, None, output)
        path = write_report(runner.output_dir)
    except UsageError as exc:
        _fail(exc)
    console.print(f"report written to {path}")


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    return str(value)[:80]


def main():
    app()


if __name__ == "__main__":
    main()
