"""Load the public data researchers bring: CSL, Federal Register, UN Comtrade.

(OpenSanctions exports, which need streaming, have their own module: ``opensanctions``.)
Each loader reads one file, works out which variant of the format it holds from
the file itself (never from its name), and returns a tidy DataFrame whose
columns are listed in the loader's docstring. ``frame.attrs["variant"]`` says
which variant was read. Multi-valued cells become Python lists (``[]`` when
empty), dates become ``datetime64[us]`` (``NaT`` when empty or unparseable).

A file that is not what the loader reads raises ``FormatError`` naming the file,
the line and what was expected -- never a pandas or json traceback.

>>> from toolkit import load_csl, load_comtrade
>>> csl = load_csl("consolidated.csv")                                   # doctest: +SKIP
>>> trade = load_comtrade("comtrade.csv")                                # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from .csvfile import decode_text, read_csv
from .errors import FormatError

CSL_COLUMNS = [
    "source", "entity_number", "type", "programs", "name", "title", "addresses",
    "federal_register_notice", "start_date", "end_date", "standard_order", "license_requirement",
    "license_policy", "call_sign", "vessel_type", "gross_tonnage", "gross_registered_tonnage",
    "vessel_flag", "vessel_owner", "remarks", "source_list_url", "alt_names", "citizenships",
    "dates_of_birth", "nationalities", "places_of_birth", "source_information_url", "ids",
]
CSL_LIST_COLUMNS = ("programs", "addresses", "alt_names", "citizenships", "dates_of_birth",
                    "nationalities", "places_of_birth", "ids")
CSL_REQUIRED = ["source", "name", "type", "programs", "addresses", "start_date", "end_date", "alt_names"]

# Comtrade: tidy column -> (current API column, legacy column).
COMTRADE_COLUMNS = {
    "year": ("refYear", "Year"), "period": ("period", "Period"),
    "reporter_iso": ("reporterISO", "Reporter ISO"), "reporter": ("reporterDesc", "Reporter"),
    "partner_iso": ("partnerISO", "Partner ISO"), "partner": ("partnerDesc", "Partner"),
    "flow": ("flowDesc", "Trade Flow"), "cmd_code": ("cmdCode", "Commodity Code"),
    "cmd_desc": ("cmdDesc", "Commodity"), "value_usd": ("primaryValue", "Trade Value (US$)"),
}
_WORLD = {"W00", "WLD"}
# Country names seen at the end of CSL addresses instead of an ISO code.
_COUNTRY_NAMES = {"china": "CN", "hong kong": "HK", "taiwan": "TW", "russia": "RU", "iran": "IR",
                  "japan": "JP", "united states": "US", "netherlands": "NL", "singapore": "SG",
                  "korea, north": "KP", "north korea": "KP", "macau": "MO", "pakistan": "PK"}


# ---------------------------------------------------------------- reading and sniffing

def _head(path: Path, expected: str, size: int = 65536) -> bytes:
    """The first bytes of a file, after rejecting missing, empty and binary files."""
    try:
        with path.open("rb") as fh:
            head = fh.read(size)
    except FileNotFoundError:
        raise FormatError(str(path), None, "file not found", expected) from None
    except IsADirectoryError:
        raise FormatError(str(path), None, "is a directory, not a file", expected) from None
    if not head.strip():
        raise FormatError(str(path), None, "the file is empty", expected)
    if b"\x00" in head:
        raise FormatError(str(path), None, "this is not a text file (it contains NUL bytes)", expected)
    return head


def _is_json(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def _read_json(path: Path, expected: str) -> Any:
    text, _ = decode_text(path, path.read_bytes())
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(str(path), exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})",
                          expected) from None


def _check_columns(path: Path, header: list[str], required: list[str], expected: str) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise FormatError(str(path), 1, f"missing column(s): {', '.join(missing)}",
                          f"{expected}; found {', '.join(header[:12])}{' …' if len(header) > 12 else ''}")


def _split(cell: str | None, sep: str = "; ") -> list[str]:
    if not cell:
        return []
    if sep not in cell:
        cell = cell.strip()
        return [cell] if cell else []
    return [part.strip() for part in cell.split(sep) if part.strip()]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _as_list(value: Any) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return _split(value)
    return [v for v in value if v not in (None, "")]


def _dates(values: Iterable[Any]) -> pd.Series:
    # utc=True tolerates mixed offsets; the result is naive UTC. Microsecond resolution keeps
    # far-future sentinels such as 9999-12-31 (nanoseconds end in 2262).
    parsed = pd.to_datetime(pd.Series(list(values), dtype=object), format="ISO8601", errors="coerce",
                            utc=True)
    return parsed.dt.tz_localize(None).astype("datetime64[us]")


def _country_code(text: str | None) -> str | None:
    if not text:
        return None
    if len(text) == 2 and text.isascii() and text.isalpha() and text.isupper():
        return text
    return _COUNTRY_NAMES.get(text.casefold())


def _address_country(address: str) -> str | None:
    return _country_code(address.rsplit(",", 1)[-1].strip())


def _csl_id(item: Any) -> str:
    """A JSON id object as the CSV writes it: "type, number, country"."""
    if not isinstance(item, dict):
        return str(item)
    return ", ".join(str(item[k]) for k in ("type", "number", "country") if item.get(k))


def _unique(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


# ---------------------------------------------------------------- CSL

def load_csl(path: str | Path) -> pd.DataFrame:
    """Load the US Consolidated Screening List (CSV, current or pre-2024 header, or JSON).

    Variants (``attrs["variant"]``): ``csv-current`` (29 columns, first ``_id``),
    ``csv-legacy`` (28 columns, no ``_id``) and ``json`` (``{"results": [...]}``).

    Columns: ``id`` (``_id``; None in legacy files), ``source`` (the list, e.g.
    "Entity List (EL) - Bureau of Industry and Security"), ``name``, ``type``,
    ``entity_number``, ``title``, ``federal_register_notice``, ``start_date`` and
    ``end_date`` (datetime64), ``remarks``, the licence and vessel fields, the URLs, the
    lists ``programs``, ``addresses``, ``alt_names``, ``citizenships``,
    ``dates_of_birth``, ``nationalities``, ``places_of_birth``, ``ids`` (cells split on
    "; "; a JSON id object becomes "type, number, country" like the CSV), and
    ``countries`` (ISO codes taken from the end of each address, in order) with
    ``country`` its first element (None when no address names a country).
    """
    path = Path(path)
    expected = "the CSL as consolidated.csv (header starting _id,source,… or source,…) or " \
               'consolidated.json ({"results": [...]})'
    if _is_json(_head(path, expected)):
        return _csl_json(path, expected)
    table = read_csv(path)
    _check_columns(path, table.header, CSL_REQUIRED, "a CSL header: " + ",".join(["_id"] + CSL_COLUMNS))
    at = {name: i for i, name in enumerate(table.header)}
    columns: dict[str, list] = {}
    for col in ["_id"] + CSL_COLUMNS:
        i = at.get(col)
        cells = [row[i] for row in table.rows] if i is not None else [""] * len(table.rows)
        if col in CSL_LIST_COLUMNS:
            columns[col] = [_split(c) for c in cells]
        else:
            columns["id" if col == "_id" else col] = [c.strip() or None for c in cells]
    columns["addresses"] = [[a.removeprefix("and ") for a in addrs] for addrs in columns["addresses"]]
    countries = [_unique(_address_country(a) for a in addrs) for addrs in columns["addresses"]]
    frame = _csl_frame(columns, countries)
    frame.attrs.update(variant="csv-current" if "_id" in at else "csv-legacy", source_file=str(path))
    return frame


def _csl_json(path: Path, expected: str) -> pd.DataFrame:
    data = _read_json(path, expected)
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        found = f"an object with keys {', '.join(list(data)[:8])}" if isinstance(data, dict) \
            else f"a JSON {type(data).__name__}"
        raise FormatError(str(path), 1, f"expected an object with a 'results' list, found {found}",
                          expected)
    columns: dict[str, list] = {c: [] for c in ["id"] + CSL_COLUMNS}
    countries: list[list[str]] = []
    for n, record in enumerate(results):
        if not isinstance(record, dict) or not _text(record.get("name")):
            raise FormatError(str(path), None, f"results[{n}] is not a record with a 'name'", expected)
        addresses, codes = [], []
        for item in _as_list(record.get("addresses")):
            if isinstance(item, dict):
                parts = [_text(item.get(k)) for k in ("address", "city", "state", "postal_code", "country")]
                addresses.append(", ".join(p for p in parts if p))
                codes.append(_country_code(_text(item.get("country"))))
            else:
                addresses.append(str(item))
                codes.append(_address_country(str(item)))
        for col in columns:
            if col == "addresses":
                columns[col].append([a for a in addresses if a])
            elif col == "ids":
                columns[col].append([_csl_id(i) for i in _as_list(record.get("ids"))])
            elif col in CSL_LIST_COLUMNS:
                columns[col].append([str(v) for v in _as_list(record.get(col))])
            elif col == "id":
                columns[col].append(_text(record.get("id", record.get("_id"))))
            else:
                columns[col].append(_text(record.get(col)))
        countries.append(_unique(codes))
    frame = _csl_frame(columns, countries)
    frame.attrs.update(variant="json", source_file=str(path))
    return frame


def _csl_frame(columns: dict[str, list], countries: list[list[str]]) -> pd.DataFrame:
    frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items()})
    frame["countries"] = pd.Series(countries, dtype=object)
    frame["country"] = pd.Series([c[0] if c else None for c in countries], dtype=object)
    for col in ("start_date", "end_date"):
        frame[col] = _dates(frame[col])
    for col in ("id", *(c for c in CSL_COLUMNS if c not in CSL_LIST_COLUMNS and not c.endswith("_date"))):
        frame[col] = frame[col].astype("str")
    order = ["id", "source", "name", "type", "programs", "alt_names", "addresses", "countries", "country",
             "start_date", "end_date"]
    return frame[order + [c for c in frame.columns if c not in order]]


# ---------------------------------------------------------------- Federal Register

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
    if not _is_json(_head(path, expected)):
        raise FormatError(str(path), 1, "this is not JSON", expected)
    data = _read_json(path, expected)
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
        agencies = [a for a in _as_list(doc.get("agencies")) if isinstance(a, dict)]
        rows.append({
            **{k: _text(doc.get(k)) for k in ("document_number", "citation", "title", "type", "action",
                                              "abstract", "publication_date", "effective_on",
                                              "html_url", "pdf_url")},
            "agencies": _unique(_text(a.get("name")) or _text(a.get("raw_name")) for a in agencies),
            "agency_slugs": _unique(_text(a.get("slug")) for a in agencies),
            "cfr_references": [_cfr(ref) for ref in _as_list(doc.get("cfr_references"))],
            "docket_ids": [str(v) for v in _as_list(doc.get("docket_ids"))],
            "regulation_id_numbers": [str(v) for v in _as_list(doc.get("regulation_id_numbers"))],
        })
    columns = ["document_number", "citation", "title", "type", "action", "abstract", "publication_date",
               "effective_on", "agencies", "agency_slugs", "html_url", "pdf_url", "cfr_references",
               "docket_ids", "regulation_id_numbers"]
    frame = pd.DataFrame(rows, columns=columns).astype({"agencies": object})
    for col in ("publication_date", "effective_on"):
        frame[col] = _dates(frame[col])
    frame.attrs.update(variant=variant, source_file=str(path),
                       count=data.get("count", len(rows)) if variant == "search" else 1)
    return frame


def _cfr(ref: Any) -> str:
    if isinstance(ref, dict):
        return f"{ref.get('title')} CFR {ref.get('part')}" if ref.get("part") else f"{ref.get('title')} CFR"
    return str(ref)


# ---------------------------------------------------------------- UN Comtrade

def load_comtrade(path: str | Path) -> pd.DataFrame:
    """Load a UN Comtrade CSV (current API layout or legacy layout) into one tidy frame.

    Variants: ``api`` (header starting ``typeCode,freqCode,refPeriodId,refYear,…``) and
    ``legacy`` (``Classification,Year,Period,…,Trade Value (US$),…``).

    Columns: ``year`` (int), ``period`` (str: "2023" annual, "202301" monthly),
    ``reporter_iso``, ``reporter``, ``partner_iso``, ``partner`` ("W00"/"WLD" is the
    world total), ``flow`` (lower case: "import", "export", "re-export", "re-import"),
    ``cmd_code`` (str, leading zeros kept), ``cmd_desc``, ``value_usd`` (float; NaN
    when empty).
    """
    path = Path(path)
    expected = "a UN Comtrade CSV: the API header (typeCode,freqCode,refPeriodId,refYear,…) or the " \
               "legacy header (Classification,Year,Period,…,Trade Value (US$))"
    head = _head(path, expected)
    if _is_json(head):
        raise FormatError(str(path), 1, "this is JSON, not CSV", expected)
    table = read_csv(path)
    variant = "api" if "refYear" in table.header or "typeCode" in table.header else "legacy"
    source = {tidy: pair[0 if variant == "api" else 1] for tidy, pair in COMTRADE_COLUMNS.items()}
    _check_columns(path, table.header, list(source.values()), f"{expected} ({variant} layout detected)")
    at = {name: i for i, name in enumerate(table.header)}
    columns = {tidy: [row[at[col]].strip() for row in table.rows] for tidy, col in source.items()}
    columns["year"] = _numbers(path, table.lines, source["year"], columns["year"], integer=True)
    columns["value_usd"] = _numbers(path, table.lines, source["value_usd"], columns["value_usd"])
    columns["flow"] = [f.casefold() for f in columns["flow"]]
    frame = pd.DataFrame(columns)
    frame["year"] = frame["year"].astype("Int64")
    frame["value_usd"] = frame["value_usd"].astype(float)
    frame.attrs.update(variant=variant, source_file=str(path))
    return frame


def _numbers(path: Path, lines: list[int], column: str, cells: list[str], integer: bool = False) -> list:
    out: list = []
    for line, cell in zip(lines, cells):
        if not cell:
            out.append(None)
            continue
        try:
            out.append(int(cell) if integer else float(cell))
        except ValueError:
            raise FormatError(str(path), line, f"column {column}: not a number ({cell!r})",
                              "an integer" if integer else "a number such as 1234567.5") from None
    return out


def hs8486_imports(frame: pd.DataFrame, reporter: str = "CHN", include_world: bool = False) -> pd.DataFrame:
    """A reporter's imports of HS 8486 (chipmaking equipment) by partner and period.

    Rows at the 4-digit heading are used where present for a period and partner,
    otherwise its 6-digit subheadings are summed, so a file holding both is not
    counted twice. World totals are dropped unless ``include_world``.

    Returns columns ``year``, ``period``, ``partner_iso``, ``partner``, ``value_usd``,
    sorted by period and then descending value.
    """
    rows = frame[(frame["reporter_iso"] == reporter) & (frame["flow"] == "import")
                 & frame["cmd_code"].astype(str).str.startswith("8486")]
    if not include_world:
        rows = rows[~rows["partner_iso"].isin(_WORLD)]
    keys = ["year", "period", "partner_iso", "partner"]
    level = rows["cmd_code"].astype(str).str.len()
    rows = rows[level == level.groupby([rows[k] for k in keys], dropna=False).transform("min")]
    out = rows.groupby(keys, as_index=False, dropna=False)["value_usd"].sum(min_count=1)
    return out.sort_values(["period", "value_usd"], ascending=[True, False], ignore_index=True)
