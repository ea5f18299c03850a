"""Federal Register intake: BIS documents the dataset does not cite yet, as a review queue.

Documents come from the API (``fetch.fetch_documents``; the raw answer is saved beside the
queue, so the run can be replayed with ``--from``) or from a saved search-results JSON. A
document the data already cites (same FR document number, FR citation or URL in
``sources.csv`` or ``measures.legal_citation``) is never proposed again; the others are
``candidate`` or ``set aside`` with their reason (``relevance``).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.core.csvfile import read_csv
from toolkit.core.dates import is_missing
from toolkit.core.files import write_json_atomic
from toolkit.data.schema import read_schema
from toolkit.intake.queue import FEDERAL_REGISTER_COLUMNS, refuse_overwriting_decisions, write_queue
from toolkit.intake.relevance import cfr_parts, classify

log = logging.getLogger(__name__)

DOCUMENT_NUMBER = re.compile(r"(?<![\d-])((?:19|20)\d{2}-\d{5})(?![\d])")
FR_CITATION = re.compile(r"(\d{1,3})\s*FR\s*(\d{1,6})", re.IGNORECASE)
FR_CITATION_URL = re.compile(r"/citation/(\d{1,3})-FR-(\d{1,6})", re.IGNORECASE)


@dataclass
class Cited:
    """What the dataset already cites: FR document numbers, FR citations and URLs."""

    numbers: set[str] = field(default_factory=set)
    citations: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)

    def add_text(self, text: str) -> None:
        self.numbers.update(DOCUMENT_NUMBER.findall(text))
        self.citations.update(f"{v} FR {p}" for v, p in FR_CITATION.findall(text))
        self.citations.update(f"{v} FR {p}" for v, p in FR_CITATION_URL.findall(text))

    def match(self, number: str, citation: str, urls: list[str]) -> str:
        """How a document is already cited ('' when it is not)."""
        if number and number in self.numbers:
            return f"document number {number}"
        m = FR_CITATION.fullmatch(citation.strip()) if citation else None
        if m and f"{m.group(1)} FR {m.group(2)}" in self.citations:
            return f"citation {citation}"
        for url in urls:
            if url and normal_url(url) in self.urls:
                return f"URL {url}"
        return ""


def normal_url(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url.strip()).rstrip("/").lower()


def cited_in(data_dir: Path) -> Cited:
    """Everything ``data_dir`` cites from the Federal Register (sources and measures)."""
    schema = read_schema(data_dir)
    cited = Cited()
    for name, columns in (("sources", ("citation", "url")), ("measures", ("legal_citation",))):
        res = schema.resources.get(name)
        if res is None:
            continue
        table = read_csv(data_dir / res.path, allow_ragged=True, allow_controls=True)
        index = {h: i for i, h in enumerate(table.header)}
        for record in table.rows:
            for col in columns:
                if col in index:
                    value = record[index[col]]
                    cited.add_text(value)
                    if col == "url" and value:
                        cited.urls.add(normal_url(value))
    return cited


def _text(value) -> str:
    if is_missing(value):
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return str(value)


def queue_rows(documents, cited: Cited) -> tuple[list[dict], list[tuple[str, str]]]:
    """Queue rows (candidates first, then set-aside ones) and the documents left out as cited.

    ``documents`` is the frame ``toolkit.sources.federal_register.load_federal_register`` reads.
    """
    candidates: list[dict] = []
    aside: list[dict] = []
    known: list[tuple[str, str]] = []
    seen: set[str] = set()
    for doc in documents.to_dict("records"):
        number = _text(doc["document_number"])
        if number in seen:
            continue
        seen.add(number)
        how = cited.match(number, _text(doc["citation"]), [_text(doc["html_url"]), _text(doc["pdf_url"])])
        if how:
            known.append((number, how))
            continue
        refs = list(doc["cfr_references"] or [])
        verdict = classify(_text(doc["title"]), _text(doc["abstract"]), _text(doc["type"]),
                           _text(doc["action"]), refs)
        row = {"status": verdict.status, "reason": verdict.reason, "document_number": number,
               **{k: _text(doc[k]) for k in ("citation", "title", "type", "publication_date",
                                             "effective_on", "html_url", "pdf_url", "abstract")},
               "cfr_parts": "; ".join(str(p) for p in cfr_parts(refs)),
               "suggested_jurisdiction": "US" if verdict.status == "candidate" else "",
               "suggested_instrument": verdict.instrument, "suggested_category": verdict.category}
        (candidates if verdict.status == "candidate" else aside).append(row)
    order = lambda r: (r["publication_date"], r["document_number"])  # noqa: E731
    return sorted(candidates, key=order) + sorted(aside, key=order), known


def run_intake(data_dir: Path, out_dir: Path, day: str, *, from_file: Path | None = None,
               since: str | None = None, session=None) -> Path:
    """Write ``out_dir/federal-register-<day>.csv``; return its path.

    Without ``from_file`` the API is asked for every BIS document published on or after
    ``since``, and its answer is kept as ``federal-register-<day>.json`` beside the queue.
    """
    from toolkit.sources.federal_register import load_federal_register
    path = out_dir / f"federal-register-{day}.csv"
    refuse_overwriting_decisions(path)
    if from_file is None:
        from toolkit.intake.fetch import fetch_documents
        answer = fetch_documents(since or day, session=session)
        from_file = out_dir / f"federal-register-{day}.json"
        write_json_atomic(from_file, answer)
        log.info("saved the API's answer (%d document(s)) to %s", len(answer["results"]), from_file)
    documents = load_federal_register(from_file)
    rows, known = queue_rows(documents, cited_in(data_dir))
    write_queue(path, FEDERAL_REGISTER_COLUMNS, rows)
    n_cand = sum(r["status"] == "candidate" for r in rows)
    log.info("%d document(s) read: %d candidate(s), %d set aside, %d already cited (%s)",
             len(documents), n_cand, len(rows) - n_cand, len(known),
             ", ".join(n for n, _ in known) or "none")
    return path
