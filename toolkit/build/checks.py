"""Parameter values checked against the data the build will use, the calendar and each other.

Runs before any kernel starts (``plan``), so a typo costs a second, not a kernel start
and a traceback. Every message names the parameter and the value, says what would be
accepted, and suggests the closest valid value ("did you mean 'JP'?").
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from toolkit.build.parameters import did_you_mean
from toolkit.core.clock import today
from toolkit.core.dates import ISO_DATE, LATEST, parse_date
from toolkit.core.errors import ParameterError
from toolkit.data.schema import PackageSchema

DATE_PARAMETERS = ("as_of", "since", "until", "start", "end")
JURISDICTION_PARAMETERS = ("jurisdictions", "reference", "focus")
DIMENSION_PARAMETERS = ("dimensions", "lag_dimension")
#: ISO 3166 codes for a country filter (``countries``): two capital letters.
COUNTRY_CODE = re.compile(r"[A-Z]{2}")


def is_path_parameter(name: str) -> bool:
    """A file or folder the user brings: ``csl_path``, ``comtrade_path``, ``data_dir`` …"""
    return name.endswith("_path") or name == "data_dir"


def check_values(values: dict[str, Any], schema: PackageSchema, where: str,
                 allow_future: bool = False, cwd: Path | None = None) -> dict[str, Any]:
    """Check one notebook run's values; return them with user paths made absolute.

    Relative paths are read from ``cwd`` (where the command runs), not from the notebook's
    folder, and must exist. Dates must be real days, not after today unless
    ``allow_future``, and in order (``start`` ≤ ``end``, ``since`` ≤ ``as_of``).
    """
    out = dict(values)
    for name, value in values.items():
        label = f"parameter {name!r}"
        if name in DATE_PARAMETERS:
            _check_date(name, value, where, allow_future)
        elif name in JURISDICTION_PARAMETERS:
            _check_members(label, value, list(schema.jurisdictions), "jurisdiction", where)
        elif name in DIMENSION_PARAMETERS:
            _check_members(label, value, list(schema.dimensions), "dimension", where)
        elif name == "lag_level":
            _check_members(label, value, [lv for lv in schema.levels if lv != "none"], "level",
                           where)
        elif name == "categories" and "measures" in schema.resources:
            enum = schema.resources["measures"].field("category").enum or ()
            if enum:
                _check_members(label, value, list(enum), "measure category", where)
        elif name == "followers" and isinstance(value, dict):
            _check_members(label, list(value), list(schema.jurisdictions), "jurisdiction", where)
        elif name == "scenario":
            _check_scenario(value, schema, where)
        elif name == "countries":
            for code in value if isinstance(value, list) else [value]:
                if not (isinstance(code, str) and COUNTRY_CODE.fullmatch(code)):
                    raise ParameterError(f"{where}: parameter 'countries': {code!r} is not a "
                                         "two-letter country code such as CN, HK or MO")
        if is_path_parameter(name) and isinstance(value, str) and value:
            out[name] = str(user_path(value, cwd, f"{where}: parameter {name!r}"))
    _check_order(values, where)
    return out


def user_path(value: str, cwd: Path | None, where: str) -> Path:
    """A path a user gave, read from ``cwd`` (default: the current directory) when relative;
    it must exist."""
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = (cwd or Path.cwd()) / path
    if not path.exists():
        raise ParameterError(f"{where}: {value} not found (looked for {path}; "
                             "relative paths are read from the folder the command runs in)")
    return path.resolve()


def _date(value: Any) -> dt.date | None:
    """The day a date parameter names (``latest`` is today); None for '' or an unparsable text."""
    text = str(value).strip()
    if text.lower() in LATEST:
        return today()
    return parse_date(text) if text else None


def _check_date(name: str, value: Any, where: str, allow_future: bool) -> None:
    text = "" if value is None else str(value).strip()
    if text == "" or text.lower() in LATEST:
        return
    day = parse_date(text)
    if day is None:
        if ISO_DATE.fullmatch(text):
            raise ParameterError(f"{where}: parameter {name!r}: {text} is not a real date")
        raise ParameterError(f"{where}: parameter {name!r} must be a date YYYY-MM-DD"
                             f"{' or latest' if name == 'as_of' else ''}, got {text!r}")
    if day > today() and not allow_future:
        raise ParameterError(f"{where}: parameter {name!r}: {text} is after today "
                             f"({today().isoformat()}); the data records nothing yet to come "
                             "(pass --allow-future to build it anyway)")


def _check_order(values: dict[str, Any], where: str) -> None:
    as_of = _date(values.get("as_of", "")) if "as_of" in values else None
    pairs = [("start", "end", _date(values.get("end") or "") or as_of),
             ("since", "as_of", as_of)]
    for first, second, limit in pairs:
        early = _date(values.get(first) or "") if first in values else None
        if early and limit and early > limit:
            shown = values.get(second) or values.get("as_of")
            raise ParameterError(f"{where}: parameter {first!r} ({values[first]}) is after "
                                 f"{second!r} ({shown}); {first} must come first")


def _check_members(label: str, value: Any, valid: list[str], kind: str, where: str) -> None:
    for item in value if isinstance(value, list) else [value]:
        if item in ("", None):
            continue
        if item not in valid:
            raise ParameterError(f"{where}: {label}: unknown {kind} {item!r}"
                                 f"{did_you_mean(item, valid)}; valid: {', '.join(valid)}")


def _check_scenario(value: Any, schema: PackageSchema, where: str) -> None:
    from toolkit.analysis.compare import parse_changes
    for item in value if isinstance(value, list) else [value]:
        try:
            changes = parse_changes([item])
        except (ValueError, KeyError, TypeError) as exc:
            raise ParameterError(f"{where}: parameter 'scenario': {exc}") from None
        for change in changes:
            label = f"parameter 'scenario': {item!r}"
            _check_members(label, change.jurisdiction, list(schema.jurisdictions),
                           "jurisdiction", where)
            _check_members(label, change.dimension, list(schema.dimensions), "dimension", where)
            if change.level != "reference":
                _check_members(label, change.level, list(schema.levels), "level", where)
