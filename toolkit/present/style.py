"""Chart style shared by every chart: palettes, fonts, the canonical order of jurisdictions and
dimensions, label lengths and date axes. No I/O beyond reading the package's vocabulary once."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from toolkit.core.dates import is_missing
from toolkit.core.errors import ToolkitError
from toolkit.present.labels import dimension_label, short_name

if TYPE_CHECKING:
    import pandas as pd

LEVEL_COLOURS = {"none": "#f2f2f2", "limited": "#6baed6", "broad": "#08519c"}
#: Okabe & Ito (2008) colour-universal-design palette.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000"]
CHANGE_COLOURS = {"raised": "#0072B2", "lowered": "#D55E00", "reversed": "#CC79A7",
                  "restated": "#999999"}
CHANGE_SHAPES = {"raised": "triangle-up", "lowered": "triangle-down", "reversed": "diamond",
                 "restated": "circle"}
FONT = "DejaVu Sans"
#: Longest axis label, in characters: longer names are cut at a word (full name in the tooltip).
DIMENSION_LABEL_LIMIT = 28
NAME_LABEL_LIMIT = 42
#: Tick intervals a date axis may use, finest first: (Vega time unit, step, label format,
#: pixels a label needs with its spacing). Every label names its year, so no two labels
#: ("October", "2023") can be read as one date.
TIME_TICKS = [("day", 1, "%-d %b %Y", 86), ("day", 7, "%-d %b %Y", 86), ("month", 1, "%b %Y", 66),
              ("month", 3, "%b %Y", 66), ("month", 6, "%b %Y", 66), ("year", 1, "%Y", 42),
              ("year", 2, "%Y", 42), ("year", 5, "%Y", 42), ("year", 10, "%Y", 42)]
_DAYS = {"day": 1, "month": 30.44, "year": 365.25}


def _alt():
    import altair as alt
    return alt


def _configure(chart, description: str):
    # labelSeparation: where Vega thins labels (continuous axes), it keeps them at least
    # about a word space and a half apart.
    return chart.properties(description=description).configure(
        font=FONT).configure_view(stroke=None).configure_axis(
        labelFontSize=11, titleFontSize=12, labelSeparation=6).configure_title(
        fontSize=14, anchor="start")


def _date_str(series: pd.Series) -> pd.Series:
    return series.dt.strftime("%Y-%m-%d").fillna("not verified")


@lru_cache(maxsize=1)
def _package_vocabulary() -> dict[str, list[str]]:
    from toolkit.data.schema import default_schema
    try:
        schema = default_schema()
    except ToolkitError:
        return {"jurisdictions": [], "dimensions": []}
    return {"jurisdictions": list(schema.jurisdictions), "dimensions": list(schema.dimensions)}


def canonical_order(values: Iterable[str], kind: str, attrs: dict | None = None) -> list[str]:
    """``values`` (each once) in the regime's order: ``kind`` is "jurisdictions" or "dimensions".

    The order is the frame's ``attrs[kind]`` when the analysis set it, else the shipped
    data package's (``datapackage.json``: US, JP, NL, KR, EU, TW, CN, UK); codes the
    order does not know follow in the order they came.

    >>> canonical_order(["NL", "US", "XX", "JP"], "jurisdictions")  # doctest: +SKIP
    ['US', 'JP', 'NL', 'XX']
    """
    present = list(dict.fromkeys(v for v in values if not is_missing(v)))
    order = list((attrs or {}).get(kind) or _package_vocabulary()[kind])
    known = set(present)
    return [v for v in order if v in known] + [v for v in present if v not in set(order)]


def _dimension_labels(dimensions: Iterable[str]) -> dict[str, str]:
    """Code -> axis label, shortened at a word and still one label per code."""
    return _unique_short({d: dimension_label(d) for d in dimensions}, DIMENSION_LABEL_LIMIT)


def _unique_short(full: dict[str, str], limit: int) -> dict[str, str]:
    """Each key's name cut at a word to ``limit``, longer where two would read the same."""
    out = {key: short_name(name, limit) for key, name in full.items()}
    for extra in range(1, 200):
        seen: dict[str, int] = {}
        for label in out.values():
            seen[label] = seen.get(label, 0) + 1
        clashes = [k for k, label in out.items() if seen[label] > 1]
        if not clashes:
            break
        for key in clashes:
            out[key] = short_name(full[key], limit + extra)
    return out


def time_axis(dates: Iterable, width: int, title: str | None):
    """A date axis whose every label names its year (``Oct 2023`` or ``2023``).

    The tick interval is the finest in ``TIME_TICKS`` whose labels fit in ``width``
    pixels over the span of ``dates``.
    """
    import pandas as pd
    alt = _alt()
    stamps = pd.to_datetime(pd.Series(list(dates)), errors="coerce").dropna()
    span = (stamps.max() - stamps.min()).days if len(stamps) else 0
    unit, step, fmt, _ = next((t for t in TIME_TICKS if (span / (_DAYS[t[0]] * t[1]) + 1) * t[3]
                               <= width), TIME_TICKS[-1])
    return alt.Axis(title=title, format=fmt, tickCount={"interval": unit, "step": step},
                    labelOverlap=True, labelSeparation=6, labelFlush=False)
