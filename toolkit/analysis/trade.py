"""Trade flows of chipmaking equipment (HS 8486) from a UN Comtrade frame (``load_comtrade``)."""

from __future__ import annotations

import pandas as pd

_WORLD = {"W00", "WLD"}


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
