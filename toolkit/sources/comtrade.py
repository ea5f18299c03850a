"""Load UN Comtrade CSV files (current API layout or legacy layout).

>>> from toolkit import load_comtrade
>>> trade = load_comtrade("comtrade.csv")                                # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from toolkit.core.csvfile import read_csv
from toolkit.core.errors import FormatError
from toolkit.sources import common

# Comtrade: tidy column -> (current API column, legacy column).
COMTRADE_COLUMNS = {
    "year": ("refYear", "Year"), "period": ("period", "Period"),
    "reporter_iso": ("reporterISO", "Reporter ISO"), "reporter": ("reporterDesc", "Reporter"),
    "partner_iso": ("partnerISO", "Partner ISO"), "partner": ("partnerDesc", "Partner"),
    "flow": ("flowDesc", "Trade Flow"), "cmd_code": ("cmdCode", "Commodity Code"),
    "cmd_desc": ("cmdDesc", "Commodity"), "value_usd": ("primaryValue", "Trade Value (US$)"),
}


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
    head = common.head(path, expected)
    if common.is_json(head):
        raise FormatError(str(path), 1, "this is JSON, not CSV", expected)
    table = read_csv(path)
    variant = "api" if "refYear" in table.header or "typeCode" in table.header else "legacy"
    source = {tidy: pair[0 if variant == "api" else 1] for tidy, pair in COMTRADE_COLUMNS.items()}
    common.check_columns(path, table.header, list(source.values()), f"{expected} ({variant} layout detected)")
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
