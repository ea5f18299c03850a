"""Accepted queue rows become measures (with their sources) flagged for review.

``accept(queue, rows, data_dir)`` appends to ``measures.csv`` and ``sources.csv`` what the
Federal Register record says (title, FR citation, publication date as announced, effective
date, URL, abstract), with the queue's suggested jurisdiction, instrument and category and
``confidence`` low, and lists each new measure in ``review.csv``: ``toolkit validate``
reports it until a person has checked its dates and written its provisions, then deletes
that row. The three files and the queue (its ``decision`` column) change together.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from toolkit.core.csvfile import read_csv
from toolkit.core.errors import ConfigError
from toolkit.core.files import replace_together, temp_beside
from toolkit.data.schema import read_schema
from toolkit.intake.federal_register import cited_in
from toolkit.intake.queue import read_queue, write_queue

AUTHORITY = "Bureau of Industry and Security (BIS)"
PUBLISHER = "Bureau of Industry and Security, US Department of Commerce (Federal Register)"
TO_CHECK = ("Read the document: confirm the dates, instrument and category, write the summary, add "
            "its provisions (codebook G11) and any listings; then delete this row.")


def parse_rows(queue: Path, given: list[str], count: int) -> list[int]:
    """Row numbers as given on the command line, each one checked against the queue."""
    numbers = []
    for item in given:
        if not item.strip().isdigit():
            raise ConfigError(f"{queue}: row {item!r} is not a row number (the queue's `row` column)")
        number = int(item)
        if not 1 <= number <= count:
            span = f"rows 1-{count}" if count else "no rows"
            raise ConfigError(f"{queue}: there is no row {number} (the queue has {span})")
        if number not in numbers:
            numbers.append(number)
    return numbers


def accept(queue: Path, given: list[str], data_dir: Path, day: dt.date) -> list[str]:
    """Add the measures of ``given`` queue rows to ``data_dir``; return their measure ids."""
    kind, header, rows = read_queue(queue)
    if kind != "federal-register":
        raise ConfigError(f"{queue}: an {kind} queue proposes listing changes; edit listings.csv by hand "
                          "once a person has checked them (accept takes Federal Register queues)")
    cited = cited_in(data_dir)
    schema = read_schema(data_dir)
    files = {name: data_dir / schema.resources[name].path for name in ("measures", "sources", "review")}
    known = {name: _ids(path) for name, path in files.items()}
    new: dict[str, list[dict]] = {"measures": [], "sources": [], "review": []}
    for number in parse_rows(queue, given, len(rows)):
        row = rows[number - 1]
        where = f"{queue}: row {number} ({row['document_number']})"
        if row["decision"]:
            raise ConfigError(f"{where}: already decided: {row['decision']}")
        how = cited.match(row["document_number"], row["citation"], [row["html_url"], row["pdf_url"]])
        if how:
            raise ConfigError(f"{where}: the data already cites this document ({how})")
        measure, source = _rows_for(row, day)
        for name, key, record in (("measures", "measure_id", measure), ("sources", "source_id", source)):
            if record[key] in known[name]:
                raise ConfigError(f"{where}: {name}.csv already has {key} {record[key]}")
        new["measures"].append(measure)
        new["sources"].append(source)
        new["review"].append({"measure_id": measure["measure_id"], "date_added": day.isoformat(),
                              "added_by": f"toolkit intake accept {queue.name} row {number}",
                              "to_check": TO_CHECK})
        row["decision"] = f"accepted as {measure['measure_id']} on {day.isoformat()}"
    moves: dict[Path, Path] = {}
    try:
        for name, path in files.items():
            moves[_appended(path, new[name])] = path
        rewritten = temp_beside(queue)
        write_queue(rewritten, header, rows)
        moves[rewritten] = queue
        replace_together(moves)
    finally:
        for tmp in moves:
            tmp.unlink(missing_ok=True)
    return [m["measure_id"] for m in new["measures"]]


def _ids(path: Path) -> set[str]:
    table = read_csv(path, allow_ragged=True, allow_controls=True)
    return {r[0] for r in table.rows if r}


def _appended(path: Path, records: list[dict]) -> Path:
    """A temporary copy of ``path`` with ``records`` appended; the existing bytes are kept."""
    header = read_csv(path).header
    text = path.read_text(encoding="utf-8")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    for record in records:
        writer.writerow({c: record.get(c, "") for c in header})
    tmp = temp_beside(path)
    tmp.write_text(text + ("" if text.endswith("\n") or not text else "\n") + buffer.getvalue(),
                   encoding="utf-8")
    return tmp


def _rows_for(row: dict[str, str], day: dt.date) -> tuple[dict, dict]:
    number, title = row["document_number"], row["title"]
    published = row["publication_date"]
    year = (row["effective_on"] or published or day.isoformat())[:4]
    jurisdiction = row["suggested_jurisdiction"] or "US"
    shown = _long_date(published)
    citation = (f"{row['citation']} ({shown}), FR Doc. {number}" if row["citation"]
                else f"FR Doc. {number} ({shown})")
    source = {"source_id": f"intake-fr-{number}", "publisher": PUBLISHER, "title": title,
              "citation": citation, "url": row["html_url"] or f"https://www.federalregister.gov/d/{number}",
              "date_published": published, "date_accessed": day.isoformat(), "source_type": "primary",
              "source_quality": "official",
              "notes": "Added by toolkit intake from the Federal Register API record (title, number, "
                       "dates, URL); the document itself not yet read by a person."}
    summary = row["abstract"] or (f"{row['type'] or 'Document'} of the Bureau of Industry and Security "
                                  f"published in the Federal Register on {shown}.")
    measure = {"measure_id": f"{jurisdiction}-{year}-fr-{number}", "jurisdiction": jurisdiction,
               "authority": AUTHORITY, "title": title,
               "instrument": row["suggested_instrument"] or "announcement",
               "category": row["suggested_category"] or "framework", "date_announced": published,
               "date_effective": row["effective_on"],
               "legal_citation": row["citation"] or f"FR Doc. {number}",
               "source_id": source["source_id"], "confidence": "low", "summary": summary[:2000]}
    return measure, source


def _long_date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).strftime("%-d %b. %Y")
    except ValueError:
        return text or "date not given"
