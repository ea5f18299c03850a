"""What changed between two states of the data package: measures added, removed and changed
(field by field, their provisions and their source's URL and citation included), and the
regime-matrix cells (jurisdiction × dimension) whose level flipped on the latest date.

>>> from toolkit.releases.diff import diff_packages
>>> print(diff_packages("HEAD~3", "data").to_text())          # doctest: +SKIP
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from toolkit.core.csvfile import read_csv
from toolkit.core.dates import to_timestamp
from toolkit.core.errors import ToolkitError
from toolkit.data.schema import read_schema
from toolkit.releases.sides import Side, open_side

#: Fields of a provision compared one by one (a provision is keyed by its measure and dimension).
PROVISION_FIELDS = ("jurisdiction", "level", "date_effective", "rationale", "note")
#: Fields of a measure's source compared as ``source.<field>``.
SOURCE_FIELDS = ("url", "citation")


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class MeasureChange:
    """A measure added, removed or changed, with what a reader needs to find it."""

    measure_id: str
    status: str  # added, removed, changed
    jurisdiction: str
    title: str
    date_announced: str
    date_effective: str
    url: str
    source_id: str
    dimensions: list[str]
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class CellFlip:
    jurisdiction: str
    dimension: str
    old_level: str
    new_level: str


@dataclass
class PackageDiff:
    """The changes between two data packages (``old`` and ``new`` name them, with versions)."""

    old: dict
    new: dict
    as_of: str
    measures: list[MeasureChange]
    cells: list[CellFlip] | None  # None when a side does not validate (cells not computed)
    cells_note: str = ""

    def of(self, status: str) -> list[MeasureChange]:
        return [m for m in self.measures if m.status == status]

    @property
    def empty(self) -> bool:
        return not self.measures and not self.cells

    def to_dict(self) -> dict:
        return {"old": self.old, "new": self.new, "as_of": self.as_of,
                "measures": {s: [asdict(m) for m in self.of(s)] for s in ("added", "removed", "changed")},
                "cells": None if self.cells is None else [asdict(c) for c in self.cells],
                "cells_note": self.cells_note}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"

    def to_text(self) -> str:
        lines = [f"data diff: {self.old['label']} (version {self.old['version']}) -> "
                 f"{self.new['label']} (version {self.new['version']})",
                 f"measures: {len(self.of('added'))} added, {len(self.of('removed'))} removed, "
                 f"{len(self.of('changed'))} changed"]
        for m in self.measures:
            mark = {"added": "+", "removed": "-", "changed": "~"}[m.status]
            lines.append(f"  {mark} {m.measure_id}: {m.title}")
            lines.extend(f"      {c.field}: {c.old or '(empty)'} -> {c.new or '(empty)'}" for c in m.fields)
        if self.cells is None:
            lines.append(f"regime cells on {self.as_of}: not compared ({self.cells_note})")
        else:
            lines.append(f"regime cells flipped on {self.as_of}: {len(self.cells)}")
            lines.extend(f"  {c.jurisdiction} {c.dimension}: {c.old_level} -> {c.new_level}"
                         for c in self.cells)
        return "\n".join(lines) + "\n"


def diff_packages(old: str | Path, new: str | Path, as_of: Any = "latest",
                  data: Path | None = None) -> PackageDiff:
    """Compare two data packages, each a folder or a git revision of ``data``'s repository."""
    with open_side(old, data) as a, open_side(new, data) as b:
        return diff_sides(a, b, as_of)


def diff_sides(old: Side, new: Side, as_of: Any = "latest") -> PackageDiff:
    """Compare two opened sides; regime cells only when both packages validate."""
    day = to_timestamp(as_of, "as_of").date().isoformat()
    ra, rb = _Rows(old.path), _Rows(new.path)
    measures = _measure_changes(ra, rb)
    problems = [f"{s.label}: {p}" for s, p in ((old, _problems(old.path)), (new, _problems(new.path))) if p]
    cells = None if problems else _flipped(old.path, new.path, day)
    return PackageDiff(_describe(old, ra), _describe(new, rb), day, measures, cells, "; ".join(problems))


def _problems(path: Path) -> str:
    """Why a package cannot be analysed ('' when it validates)."""
    from toolkit.data.validation import validate
    try:
        report = validate(path)
    except (KeyError, ValueError, ToolkitError) as exc:  # an older schema the rules do not know
        return f"does not validate with this toolkit ({type(exc).__name__}: {exc})"
    return f"{len(report.errors)} validation problem(s)" if report.errors else ""


def _describe(side: Side, rows: _Rows) -> dict:
    return {"label": side.label, "version": rows.version, "revision": side.revision}


class _Rows:
    """A package's measures, provisions by measure, and sources, as rows of strings."""

    def __init__(self, path: Path):
        schema = read_schema(path)
        self.version = schema.version
        tables: dict[str, tuple[list[str], list[dict[str, str]]]] = {}
        for name in ("measures", "provisions", "sources"):
            res = schema.resources.get(name)
            if res is None or not (path / res.path).is_file():
                tables[name] = ([], [])
                continue
            csv_table = read_csv(path / res.path, allow_ragged=True, allow_controls=True)
            tables[name] = (csv_table.header, [dict(zip(csv_table.header, r)) for r in csv_table.rows])
        self.measure_fields = tables["measures"][0]
        self.measures = {r["measure_id"]: r for r in tables["measures"][1]}
        self.sources = {r["source_id"]: r for r in tables["sources"][1]}
        self.provisions: dict[str, dict[str, dict]] = {}
        for r in tables["provisions"][1]:
            self.provisions.setdefault(r["measure_id"], {})[r.get("dimension", "")] = r

    def compared(self, measure_id: str) -> dict[str, str]:
        """A measure's fields, provisions and source as flat ``field: value`` pairs."""
        row = self.measures[measure_id]
        flat = {f: row.get(f, "") for f in self.measure_fields}
        for dim, prov in sorted(self.provisions.get(measure_id, {}).items()):
            for f in PROVISION_FIELDS:
                flat[f"provisions[{dim}].{f}"] = prov.get(f, "")
        source = self.sources.get(row.get("source_id", ""), {})
        for f in SOURCE_FIELDS:
            flat[f"source.{f}"] = source.get(f, "")
        return flat

    def entry(self, measure_id: str, status: str) -> MeasureChange:
        row = self.measures[measure_id]
        return MeasureChange(measure_id, status, row.get("jurisdiction", ""), row.get("title", ""),
                             row.get("date_announced", ""), row.get("date_effective", ""),
                             self.sources.get(row.get("source_id", ""), {}).get("url", ""),
                             row.get("source_id", ""),
                             sorted(self.provisions.get(measure_id, {})))


def _measure_changes(a: _Rows, b: _Rows) -> list[MeasureChange]:
    out = [b.entry(m, "added") for m in b.measures if m not in a.measures]
    out += [a.entry(m, "removed") for m in a.measures if m not in b.measures]
    for m in b.measures:
        if m not in a.measures:
            continue
        old, new = a.compared(m), b.compared(m)
        changes = [FieldChange(f, old.get(f, ""), new.get(f, ""))
                   for f in dict.fromkeys([*old, *new]) if old.get(f, "") != new.get(f, "")]
        if changes:
            entry = b.entry(m, "changed")
            entry.fields = changes
            out.append(entry)
    order = {"added": 0, "removed": 1, "changed": 2}
    return sorted(out, key=lambda c: (order[c.status], c.jurisdiction, c.measure_id))


def _flipped(old: Path, new: Path, day: str) -> list[CellFlip]:
    from toolkit.analysis.regime import regime_state
    a = regime_state(day, data=old)
    b = regime_state(day, data=new)
    before = {(r.jurisdiction, r.dimension): str(r.level) for r in a.itertuples()}
    flips = []
    for r in b.itertuples():
        old_level = before.get((r.jurisdiction, r.dimension), "none")
        if str(r.level) != old_level:
            flips.append(CellFlip(r.jurisdiction, r.dimension, old_level, str(r.level)))
    return flips
