"""Dates as the data and parameters write them: ``YYYY-MM-DD``, nothing looser.

One parser for the whole toolkit: validation, parameters and the analysis all use
``parse_date``, so "2024-02-30" is refused the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from .clock import today

if TYPE_CHECKING:
    import pandas as pd

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
LATEST = ("latest", "today")


def parse_date(text: str) -> dt.date | None:
    """The date ``text`` names as YYYY-MM-DD, or None when it is not one (or not a real day).

    >>> parse_date("2024-04-26")
    datetime.date(2024, 4, 26)
    >>> parse_date("2024-02-30") is None
    True
    """
    text = text.strip()
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def describe_bad_date(name: str, value: str) -> str:
    """Why ``value`` is not a date: wrong form, or a day the calendar does not have."""
    if ISO_DATE.fullmatch(value.strip()):
        return f"{name}: {value!r} is not a real calendar date"
    return f"{name}: {value!r} is not a date; expected YYYY-MM-DD or 'latest'"


def to_timestamp(value: Any, name: str = "date") -> pd.Timestamp:
    """A date given as ``YYYY-MM-DD``, a date, a Timestamp or ``"latest"`` (today), as a Timestamp."""
    import pandas as pd
    if value is None or (isinstance(value, str) and value.strip().lower() in (*LATEST, "")):
        return pd.Timestamp(today())
    if isinstance(value, str):
        day = parse_date(value)
        if day is None:
            raise ValueError(describe_bad_date(name, value))
        return pd.Timestamp(day)
    return pd.Timestamp(value).normalize()


def is_missing(value: Any) -> bool:
    """None, NaN or NaT: a value a table does not have (lists and strings never are)."""
    if value is None:
        return True
    if isinstance(value, (str, list, dict, tuple)):
        return False
    if type(value).__name__ == "NAType":  # pandas.NA, without importing pandas
        return True
    try:
        return bool(value != value)  # NaN and NaT are the only values unequal to themselves
    except (TypeError, ValueError):
        return False
