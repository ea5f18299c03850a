"""Validate a data directory against its ``datapackage.json``; report every problem.

Checks, per resource: the file reads as UTF-8 CSV, the header has the declared
columns, each value has its declared type (dates ``YYYY-MM-DD`` that exist),
required values are present, enums and patterns hold, URLs are http(s), ids and
primary keys are unique, foreign keys resolve; then cross-table rules: dates in
order (a measure effective before its announcement is only a warning: letters
and orders can bind before they are public), and the codebook's consistency
rules C1–C18 (``toolkit.data.rules``), each message naming its rule ID; and every measure
still listed in ``review.csv`` (added by ``toolkit intake accept``, not yet checked by a person).

Text hygiene (``toolkit.data.text``): no control character anywhere in a file
(C0 other than TAB, LF and CR; DEL), a NUL byte after the first 64 KiB included;
no bidi override, embedding or isolate character (U+202A–U+202E, U+2066–U+2069)
in any value; no value longer than its limit: 2,000 characters for running text
(``summary``, ``description``, ``note``, ``notes``, ``rationale``, ``aliases``,
``verified_via``), 500 for every other field. The offending character is shown
escaped as Python writes it, never as itself.

Each problem reads ``file:row:column: message (value)``. Warnings (for example
text that looks like HTML) are reported but do not fail validation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from toolkit.core.csvfile import escape, read_csv
from toolkit.core.dates import parse_date
from toolkit.core.errors import DataError, FormatError, Problem
from toolkit.data.rules import ENUM_RULES, check_rules
from toolkit.data.schema import DESCRIPTOR, PackageSchema, Resource, read_schema
from toolkit.data.text import text_problems

MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|javascript:", re.IGNORECASE)


@dataclass
class Table:
    """One resource's rows as dicts of strings, with their line numbers."""

    resource: Resource
    file: str
    rows: list[dict[str, str]]
    lines: list[int]


@dataclass
class Report:
    """The outcome of validating a data directory."""

    data_dir: Path
    schema: PackageSchema | None
    tables: dict[str, Table] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def raise_for_errors(self) -> None:
        if self.errors:
            raise DataError(self.errors, f"{len(self.errors)} problem(s) in {self.data_dir}")


def is_web_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def validate(data_dir: str | Path) -> Report:
    """Validate every resource of the data package in ``data_dir``.

    Besides types, keys and the codebook's rules, every value's text is checked:
    no control or bidi control characters, and at most 2,000 characters for running
    text (summaries, descriptions, notes, rationales, aliases, verification notes) or
    500 for any other field (titles, names, citations, URLs); see ``toolkit.data.text``.
    """
    data_dir = Path(data_dir)
    try:
        schema = read_schema(data_dir)
    except DataError as exc:
        return Report(data_dir, None, errors=exc.problems)
    report = Report(data_dir, schema)
    for resource in schema.resources.values():
        table = _read_table(data_dir, resource, report)
        if table is not None:
            report.tables[resource.name] = table
            _check_values(table, report)
    _check_foreign_keys(report)
    _check_cross_rules(report)
    return report


def _read_table(data_dir: Path, resource: Resource, report: Report) -> Table | None:
    path = data_dir / resource.path
    shown = str(path)
    try:
        csv_table = read_csv(path, allow_ragged=True, allow_controls=True)
    except FormatError as exc:
        report.errors.append(Problem(shown, exc.line, None, str(exc).split(": ", 1)[-1]))
        return None
    if csv_table.had_bom:
        report.warnings.append(Problem(shown, 1, None, "file starts with a UTF-8 byte-order mark "
                                       "(read correctly; spreadsheet exports add it)"))
    for control in csv_table.controls or []:
        report.errors.append(Problem(shown, control.line, control.column, control.message,
                                     control.excerpt))
    for line, count in csv_table.ragged or []:
        report.errors.append(Problem(shown, line, None, f"row has {count} fields, the header has "
                                     f"{len(csv_table.header)}; the row was skipped"))
    declared = resource.field_names
    for name in declared:
        if name not in csv_table.header:
            report.errors.append(Problem(shown, 1, name, "missing column",
                                         ", ".join(csv_table.header)))
    for name in csv_table.header:
        if name not in declared:
            report.errors.append(Problem(shown, 1, name, f"unknown column; {DESCRIPTOR} declares "
                                         + ", ".join(declared), name))
    seen = [h for h in csv_table.header]
    duplicated = {h for h in seen if seen.count(h) > 1}
    for name in sorted(duplicated):
        report.errors.append(Problem(shown, 1, name, "column appears more than once"))
    index = {h: i for i, h in enumerate(csv_table.header)}
    rows = [{name: (rec[index[name]].strip() if name in index else "") for name in declared}
            for rec in csv_table.rows]
    return Table(resource, shown, rows, csv_table.lines)


def _check_values(table: Table, report: Report) -> None:
    res = table.resource
    seen: dict[str, dict[str, int]] = defaultdict(dict)
    keys: dict[tuple, int] = {}
    for row, line in zip(table.rows, table.lines):
        for f in res.fields:
            value = row[f.name]
            problem = _check_value(f, value)
            if problem:
                rule = ENUM_RULES.get((res.name, f.name))
                problem = f"{rule}: {problem}" if rule else problem
                report.errors.append(Problem(table.file, line, f.name, problem, escape(value)))
            elif value and f.type == "string" and MARKUP.search(value):
                report.warnings.append(Problem(table.file, line, f.name,
                                               "text looks like HTML or a script; it will be shown "
                                               "as literal text, never run", escape(value)))
            for message, shown in text_problems(f.name, value) if value else ():
                report.errors.append(Problem(table.file, line, f.name, message, shown))
            if f.unique and value:
                first = seen[f.name].setdefault(value, line)
                if first != line:
                    report.errors.append(Problem(table.file, line, f.name,
                                                 f"duplicate id, first used on line {first}", value))
        if res.primary_key and len(res.primary_key) > 1:
            key = tuple(row[k] for k in res.primary_key)
            first = keys.setdefault(key, line)
            if first != line:
                pk = ",".join(res.primary_key)
                rule = ENUM_RULES.get((res.name, pk))
                report.errors.append(Problem(table.file, line, pk,
                                             (f"{rule}: " if rule else "")
                                             + f"duplicate key, first used on line {first}",
                                             ", ".join(key)))


def _check_value(f, value: str) -> str | None:
    if not value:
        return "required value is empty" if f.required else None
    if f.type == "date" and parse_date(value) is None:
        return "not a valid date; expected YYYY-MM-DD (a real calendar date)"
    if f.enum is not None and value not in f.enum:
        return "not an allowed value; expected one of " + ", ".join(f.enum)
    if f.pattern and not re.fullmatch(f.pattern, value):
        return f"does not match the pattern {f.pattern}"
    if f.name == "url" or f.name.endswith("_url"):
        if not is_web_url(value):
            return "not an http(s) URL"
    return None


def _check_foreign_keys(report: Report) -> None:
    for table in report.tables.values():
        for fk in table.resource.foreign_keys:
            target = report.tables.get(fk.resource)
            if target is None:
                continue
            known = {tuple(r[c] for c in fk.reference_fields) for r in target.rows}
            for row, line in zip(table.rows, table.lines):
                value = tuple(row[c] for c in fk.fields)
                if all(value) and value not in known:
                    report.errors.append(Problem(
                        table.file, line, ",".join(fk.fields),
                        f"refers to a {fk.resource} row that does not exist "
                        f"({fk.resource}.csv has no such {','.join(fk.reference_fields)})",
                        ", ".join(value)))


def _check_cross_rules(report: Report) -> None:
    t = report.tables
    # "Is-informed" letters and orders bind when served and are often made public days later.
    _check_order(t.get("measures"), "date_announced", "date_effective", report, warn_only=True)
    _check_order(t.get("listings"), "date_listed", "date_removed", report)
    _check_order(t.get("sources"), "date_published", "date_accessed", report)
    _check_review(t.get("review"), t.get("measures"), report)
    check_rules(report)


def _check_review(review: Table | None, measures: Table | None, report: Report) -> None:
    """Each measure in review.csv (added by ``toolkit intake accept``) is a problem until a
    person has checked it and deleted its row."""
    if review is None or measures is None:
        return
    lines = {row["measure_id"]: line for row, line in zip(measures.rows, measures.lines)}
    for row, line in zip(review.rows, review.lines):
        measure = row["measure_id"]
        if measure in lines:
            report.errors.append(Problem(
                measures.file, lines[measure], "measure_id",
                f"measure {measure} added by intake ({row['added_by']}, {row['date_added']}): "
                "provisions and dates not yet checked by a person; once checked, delete its row "
                f"in {review.file} (line {line})", measure))


def _check_order(table: Table | None, first: str, second: str, report: Report,
                 warn_only: bool = False) -> None:
    if table is None:
        return
    for row, line in zip(table.rows, table.lines):
        a, b = parse_date(row[first] or ""), parse_date(row[second] or "")
        if a and b and b < a:
            if warn_only:
                report.warnings.append(Problem(
                    table.file, line, second, f"is before {first} ({row[first]}): right only for "
                    "a letter or order served before it was made public", row[second]))
            else:
                report.errors.append(Problem(table.file, line, second,
                                             f"is before {first} ({row[first]})", row[second]))
