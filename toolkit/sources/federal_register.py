"""Load Federal Register API JSON: one document, or a page of search results.

>>> from toolkit import load_federal_register
>>> docs = load_federal_register("documents.json")                       # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.core.errors import FormatError
from toolkit.sources import common


def load_federal_register(path: str | Path) -> pd.DataFrame:
    """Load a Federal Register API document JSON, or a search-results JSON, one row per document.

    Variants: ``document`` (one object with ``document_number``) and ``search``
    (``{"count": N, "results": [...]}``; ``attrs["count"]`` keeps N, which exceeds the
    rows when the search has further pages).

    Columns: ``document_number``, ``citation``, ``title``, ``type``, ``action``,
    ``abstract``, ``publication_date`` and ``effective_on`` (datetime64), ``agencies``
    (list of names; ``raw_name`` when an agency has no ``name``), ``agency_slugs``,
    ``html_url``, ``pdf_url``, ``cfr_references`` (list like "15 CFR 744"),
    ``docket_ids``, ``regulation_id_numbers`` (lists). Fields a search did not
    return are None or ``[]``.
    """
    path = Path(path)
    expected = 'a Federal Register API document object (with "document_number") or search results ' \
               '{"count": N, "results": [...]}'
    if not common.is_json(common.head(path, expected)):
        raise FormatError(str(path), 1, "this is not JSON", expected)
    data = common.read_json(path, expected)
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        documents, variant = data["results"], "search"
    elif isinstance(data, dict) and "document_number" in data:
        documents, variant = [data], "document"
    else:
        found = f"keys {', '.join(list(data)[:8])}" if isinstance(data, dict) \
            else f"a JSON {type(data).__name__}"
        raise FormatError(str(path), 1, f"neither a document nor search results (found {found})", expected)
    rows = []
    for n, doc in enumerate(documents):
        if not isinstance(doc, dict) or not doc.get("document_number"):
            raise FormatError(str(path), None, f"results[{n}] has no document_number", expected)
        agencies = [a for a in common.as_list(doc.get("agencies")) if isinstance(a, dict)]
        rows.append({
            **{k: common.text(doc.get(k)) for k in ("document_number", "citation", "title", "type", "action",
                                              "abstract", "publication_date", "effective_on",
                                              "html_url", "pdf_url")},
            "agencies": common.unique(common.text(a.get("name")) or common.text(a.get("raw_name"))
                                      for a in agencies),
            "agency_slugs": common.unique(common.text(a.get("slug")) for a in agencies),
            "cfr_references": [_cfr(ref) for ref in common.as_list(doc.get("cfr_references"))],
            "docket_ids": [str(v) for v in common.as_list(doc.get("docket_ids"))],
            "regulation_id_numbers": [str(v) for v in common.as_list(doc.get("regulation_id_numbers"))],
        })
    columns = ["document_number", "citation", "title", "type", "action", "abstract", "publication_date",
               "effective_on", "agencies", "agency_slugs", "html_url", "pdf_url", "cfr_references",
               "docket_ids", "regulation_id_numbers"]
    frame = pd.DataFrame(rows, columns=columns).astype({"agencies": object})
    for col in ("publication_date", "effective_on"):
        frame[col] = common.dates(frame[col])
    frame.attrs.update(variant=variant, source_file=str(path),
                       count=data.get("count", len(rows)) if variant == "search" else 1)
    return frame


def _cfr(ref: Any) -> str:
    if isinstance(ref, dict):
        return f"{ref.get('title')} CFR {ref.get('part')}" if ref.get("part") else f"{ref.get('title')} CFR"
    return str(ref)
