"""The Federal Register API, over HTTP: every page of a search for one agency's documents.

Timeouts on every request, retries with exponential backoff on timeouts, dropped connections,
HTTP 429 and 5xx, and one clear line when the API cannot be reached (``FetchError``).

>>> fetch_documents("2026-11-01")["count"]          # doctest: +SKIP
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from toolkit import __version__
from toolkit.core.errors import ToolkitError

log = logging.getLogger(__name__)

API = "https://www.federalregister.gov/api/v1/documents.json"
AGENCY = "industry-and-security-bureau"
FIELDS = ("document_number", "citation", "title", "type", "action", "abstract", "publication_date",
          "effective_on", "html_url", "pdf_url", "cfr_references", "agencies", "docket_ids",
          "regulation_id_numbers")
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_PAGES = 100  # 100 documents a page: 10,000 documents, far more than BIS publishes in a year


class FetchError(ToolkitError):
    """The Federal Register API could not be reached, or answered with an error."""


def search_params(since: str, agency: str = AGENCY) -> dict[str, Any]:
    """Query parameters of the documents search: one agency, published on or after ``since``."""
    return {"conditions[agencies][]": agency, "conditions[publication_date][gte]": since,
            "order": "oldest", "per_page": 100, "fields[]": list(FIELDS)}


def fetch_documents(since: str, *, session: Any = None, timeout: float = 30.0, retries: int = 3,
                    backoff: float = 2.0, sleep: Callable[[float], None] | None = None,
                    agency: str = AGENCY) -> dict:
    """Every document of ``agency`` published on or after ``since``, following ``next_page_url``.

    Returns one search response (``count``, ``total_pages``, ``results`` of all pages), the
    shape ``toolkit intake federal-register --from`` reads back.
    """
    import requests
    session = session or requests.Session()
    sleep = sleep or time.sleep
    url: str | None = API
    params: dict | None = search_params(since, agency)
    results: list[dict] = []
    count = total_pages = 0
    for page_number in range(1, MAX_PAGES + 1):
        page = _get_json(session, url or API, params, timeout, retries, backoff, sleep)
        if page_number == 1:
            count, total_pages = int(page.get("count") or 0), int(page.get("total_pages") or 0)
        results.extend(page.get("results") or [])
        log.info("Federal Register: page %d of %d, %d document(s) so far", page_number,
                 max(total_pages, 1), len(results))
        url, params = page.get("next_page_url"), None  # the next URL carries the query
        if not url:
            break
    else:
        raise FetchError(f"Federal Register API: more than {MAX_PAGES} pages; narrow --since")
    return {"count": count, "total_pages": total_pages,
            "description": f"Documents of {agency} published on or after {since}", "results": results}


def _get_json(session: Any, url: str, params: dict | None, timeout: float, retries: int,
              backoff: float, sleep: Callable[[float], None]) -> dict:
    import requests
    for attempt in range(retries + 1):
        last = attempt == retries
        retry_after: float | None = None
        try:
            response = session.get(url, params=params, timeout=timeout,
                                   headers={"User-Agent": f"export-controls-toolkit/{__version__}",
                                            "Accept": "application/json"})
        except (requests.Timeout, requests.ConnectionError) as exc:
            kind = "timed out" if isinstance(exc, requests.Timeout) else "could not connect"
            if last:
                raise FetchError(f"Federal Register API ({url}): {kind} after {retries + 1} "
                                 "attempt(s); offline? Use --from FILE with a saved search") from None
        else:
            if response.status_code == 200:
                try:
                    page = response.json()
                except ValueError:
                    raise FetchError(f"Federal Register API ({response.url}): the answer is not "
                                     "JSON") from None
                if not isinstance(page, dict):
                    raise FetchError(f"Federal Register API ({response.url}): expected a JSON object")
                return page
            header = response.headers.get("Retry-After", "")
            retry_after = min(float(header), 300.0) if header.strip().isdigit() else None
            if response.status_code not in RETRY_STATUS or last:
                raise FetchError(f"Federal Register API ({response.url}): HTTP {response.status_code} "
                                 f"{response.reason or ''}".rstrip()
                                 + (f" after {retries + 1} attempts" if last and response.status_code
                                    in RETRY_STATUS else ""))
        delay = backoff * 2 ** attempt
        if retry_after is not None:
            delay = max(delay, retry_after)
        log.warning("Federal Register API: attempt %d failed; retrying in %.0f s", attempt + 1, delay)
        sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover
