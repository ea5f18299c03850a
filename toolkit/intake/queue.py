"""The review queue: a CSV a person reads, marks and from which accepted rows are taken.

One row per document or listing change, numbered in the ``row`` column (what ``toolkit intake
accept FILE ROW…`` names). ``status`` is ``candidate`` (proposed) or ``set aside`` (kept with
its ``reason`` so a person can disagree); ``decision`` is empty until a row is accepted.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from toolkit.core.csvfile import read_csv
from toolkit.core.errors import ConfigError, FormatError
from toolkit.core.files import write_text_atomic

FEDERAL_REGISTER_COLUMNS = [
    "row", "status", "reason", "document_number", "citation", "title", "type", "publication_date",
    "effective_on", "html_url", "pdf_url", "cfr_parts", "suggested_jurisdiction",
    "suggested_instrument", "suggested_category", "abstract", "decision"]
LISTING_COLUMNS = [
    "row", "status", "reason", "change", "entity_id", "name", "jurisdiction", "list_name",
    "opensanctions_id", "opensanctions_dataset", "first_seen", "last_seen", "curated_date_listed",
    "decision"]
KINDS = {"federal-register": FEDERAL_REGISTER_COLUMNS, "opensanctions": LISTING_COLUMNS}


def refuse_overwriting_decisions(path: Path) -> None:
    """A queue a person has already acted on is never replaced by a fresh run."""
    if not path.exists():
        return
    try:
        _, _, rows = read_queue(path)
    except FormatError:
        return
    decided = [r["row"] for r in rows if r.get("decision")]
    if decided:
        raise ConfigError(f"{path}: rows {', '.join(decided)} already carry decisions; move the file "
                          "aside or write the new queue elsewhere with --out")


def write_queue(path: Path, columns: list[str], rows: list[dict]) -> None:
    """Write the queue atomically (a reader never sees half of it); ``row`` is numbered here."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for number, row in enumerate(rows, start=1):
        writer.writerow({**{c: "" for c in columns}, **row, "row": str(number)})
    write_text_atomic(path, buffer.getvalue())


def read_queue(path: Path) -> tuple[str, list[str], list[dict[str, str]]]:
    """A queue's kind (``federal-register`` or ``opensanctions``), header and rows."""
    table = read_csv(path)
    for kind, columns in KINDS.items():
        if table.header == columns:
            return kind, table.header, [dict(zip(table.header, r)) for r in table.rows]
    raise FormatError(str(path), 1, "not a review queue written by `toolkit intake`",
                      "the header " + ",".join(FEDERAL_REGISTER_COLUMNS[:4]) + ",…")
