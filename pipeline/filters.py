"""Row filters shared by `sanaq show` and `sanaq export`: by document, language, publication date
and source (outlet).

Date and source are properties of a document, so they are read from documents.parquet and
select rows by doc_id: every table that has a doc_id filters alike. A claim group is kept when
one of its claims passes.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.errors import UsageError
from pipeline.outputs import read_output, stage_file


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} takes a date as YYYY-MM-DD, not '{value}'") from None


def _midnight_utc(day: date) -> pa.Scalar:
    moment = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    return pa.scalar(moment, pa.timestamp("us", tz="UTC"))


def _groups_with(groups: pa.Table, claims: pa.Table) -> pa.Table:
    """The groups that list one of these claims, in their order."""
    members = groups["claim_ids"].combine_chunks()
    listed = pc.is_in(pc.list_flatten(members), claims["claim_id"].combine_chunks())
    return groups.take(pc.unique(pc.list_parent_indices(members).filter(listed)))


@dataclass(frozen=True)
class Filters:
    """`since` and `until` are whole UTC days, both included; a document without a publication
    date passes neither. `source` matches the documents' source ignoring case."""
    doc: str | None = None
    lang: str | None = None
    since: date | None = None
    until: date | None = None
    source: str | None = None

    @classmethod
    def from_options(cls, doc: str | None, lang: str | None, since: str | None, until: str | None,
                     source: str | None) -> "Filters":
        return cls(doc, lang, parse_day(since, "--since"), parse_day(until, "--until"), source)

    @property
    def by_document(self) -> bool:
        return any(value is not None for value in (self.doc, self.since, self.until, self.source))

    @property
    def active(self) -> bool:
        return self.by_document or self.lang is not None

    def describe(self) -> str:
        return ", ".join(f"{name} {value}" for name, value in vars(self).items() if value is not None)

    def apply(self, output_dir: Path, name: str, table: pa.Table) -> pa.Table:
        """The rows of output table `name` that pass."""
        if not self.active:
            return table
        if name == "groups":
            return _groups_with(table, self.apply(output_dir, "claims", read_output(output_dir, "claims")))
        if self.lang is not None:
            if "lang" not in table.column_names:
                raise UsageError(f"--lang does not apply to {name}: they have no language")
            table = table.filter(pc.equal(table["lang"], self.lang))
        if self.by_document:
            table = table.filter(pc.is_in(table["doc_id"], self._documents(output_dir)))
        return table

    def _documents(self, output_dir: Path) -> pa.Array:
        """The doc_ids that pass the document criteria."""
        documents = pq.read_table(stage_file(output_dir, "ingest"), columns=["doc_id", "published", "source"])
        conditions = []
        if self.doc is not None:
            conditions.append(pc.equal(documents["doc_id"], self.doc))
        if self.since is not None:
            conditions.append(pc.greater_equal(documents["published"], _midnight_utc(self.since)))
        if self.until is not None:
            next_day = _midnight_utc(self.until + timedelta(days=1))
            conditions.append(pc.less(documents["published"], next_day))
        if self.source is not None:
            conditions.append(pc.equal(pc.utf8_lower(documents["source"]), self.source.lower()))
        return documents.filter(reduce(pc.and_, conditions))["doc_id"].combine_chunks()
