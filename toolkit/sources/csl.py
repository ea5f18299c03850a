"""Load the US Consolidated Screening List (trade.gov): CSV (current or pre-2024 header) or JSON.

>>> from toolkit import load_csl
>>> csl = load_csl("consolidated.csv")                                   # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.core.csvfile import read_csv
from toolkit.core.errors import FormatError
from toolkit.sources import common

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
    if common.is_json(common.head(path, expected)):
        return _csl_json(path, expected)
    table = read_csv(path)
    common.check_columns(path, table.header, CSL_REQUIRED, "a CSL header: " + ",".join(["_id"] + CSL_COLUMNS))
    at = {name: i for i, name in enumerate(table.header)}
    columns: dict[str, list] = {}
    for col in ["_id"] + CSL_COLUMNS:
        i = at.get(col)
        cells = [row[i] for row in table.rows] if i is not None else [""] * len(table.rows)
        if col in CSL_LIST_COLUMNS:
            columns[col] = [common.split(c) for c in cells]
        else:
            columns["id" if col == "_id" else col] = [c.strip() or None for c in cells]
    columns["addresses"] = [[a.removeprefix("and ") for a in addrs] for addrs in columns["addresses"]]
    countries = [common.unique(common.address_country(a) for a in addrs) for addrs in columns["addresses"]]
    frame = _csl_frame(columns, countries)
    frame.attrs.update(variant="csv-current" if "_id" in at else "csv-legacy", source_file=str(path))
    return frame


def _csl_json(path: Path, expected: str) -> pd.DataFrame:
    data = common.read_json(path, expected)
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        found = f"an object with keys {', '.join(list(data)[:8])}" if isinstance(data, dict) \
            else f"a JSON {type(data).__name__}"
        raise FormatError(str(path), 1, f"expected an object with a 'results' list, found {found}",
                          expected)
    columns: dict[str, list] = {c: [] for c in ["id"] + CSL_COLUMNS}
    countries: list[list[str]] = []
    for n, record in enumerate(results):
        if not isinstance(record, dict) or not common.text(record.get("name")):
            raise FormatError(str(path), None, f"results[{n}] is not a record with a 'name'", expected)
        addresses, codes = [], []
        for item in common.as_list(record.get("addresses")):
            if isinstance(item, dict):
                parts = [common.text(item.get(k))
                         for k in ("address", "city", "state", "postal_code", "country")]
                addresses.append(", ".join(p for p in parts if p))
                codes.append(common.country_code(common.text(item.get("country"))))
            else:
                addresses.append(str(item))
                codes.append(common.address_country(str(item)))
        for col in columns:
            if col == "addresses":
                columns[col].append([a for a in addresses if a])
            elif col == "ids":
                columns[col].append([_csl_id(i) for i in common.as_list(record.get("ids"))])
            elif col in CSL_LIST_COLUMNS:
                columns[col].append([str(v) for v in common.as_list(record.get(col))])
            elif col == "id":
                columns[col].append(common.text(record.get("id", record.get("_id"))))
            else:
                columns[col].append(common.text(record.get(col)))
        countries.append(common.unique(codes))
    frame = _csl_frame(columns, countries)
    frame.attrs.update(variant="json", source_file=str(path))
    return frame


def _csl_frame(columns: dict[str, list], countries: list[list[str]]) -> pd.DataFrame:
    frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items()})
    frame["countries"] = pd.Series(countries, dtype=object)
    frame["country"] = pd.Series([c[0] if c else None for c in countries], dtype=object)
    for col in ("start_date", "end_date"):
        frame[col] = common.dates(frame[col])
    for col in ("id", *(c for c in CSL_COLUMNS if c not in CSL_LIST_COLUMNS and not c.endswith("_date"))):
        frame[col] = frame[col].astype("str")
    order = ["id", "source", "name", "type", "programs", "alt_names", "addresses", "countries", "country",
             "start_date", "end_date"]
    return frame[order + [c for c in frame.columns if c not in order]]



def _csl_id(item: Any) -> str:
    """A JSON id object as the CSV writes it: "type, number, country"."""
    if not isinstance(item, dict):
        return str(item)
    return ", ".join(str(item[k]) for k in ("type", "number", "country") if item.get(k))
