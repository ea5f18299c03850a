"""Reading the public formats researchers bring: what every loader shares.

Each loader (``csl``, ``federal_register``, ``comtrade``, ``opensanctions``) reads one
file, works out which variant of the format it holds from the file itself (never
from its name), and returns a tidy DataFrame whose columns are listed in the
loader's docstring. ``frame.attrs["variant"]`` says which variant was read.
Multi-valued cells become Python lists (``[]`` when empty), dates become
``datetime64[us]`` (``NaT`` when empty or unparseable). A file that is not what the
loader reads raises ``FormatError`` naming the file, the line and what was
expected -- never a pandas or json traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.core.csvfile import decode_text
from toolkit.core.errors import FormatError

# Country names seen at the end of CSL addresses instead of an ISO code.
COUNTRY_NAMES = {"china": "CN", "hong kong": "HK", "taiwan": "TW", "russia": "RU", "iran": "IR",
                  "japan": "JP", "united states": "US", "netherlands": "NL", "singapore": "SG",
                  "korea, north": "KP", "north korea": "KP", "macau": "MO", "pakistan": "PK"}



def head(path: Path, expected: str, size: int = 65536) -> bytes:
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


def is_json(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def read_json(path: Path, expected: str) -> Any:
    text, _ = decode_text(path, path.read_bytes())
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(str(path), exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})",
                          expected) from None


def check_columns(path: Path, header: list[str], required: list[str], expected: str) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise FormatError(str(path), 1, f"missing column(s): {', '.join(missing)}",
                          f"{expected}; found {', '.join(header[:12])}{' …' if len(header) > 12 else ''}")


def split(cell: str | None, sep: str = "; ") -> list[str]:
    if not cell:
        return []
    if sep not in cell:
        cell = cell.strip()
        return [cell] if cell else []
    return [part.strip() for part in cell.split(sep) if part.strip()]


def text(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def as_list(value: Any) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return split(value)
    return [v for v in value if v not in (None, "")]


def dates(values: Iterable[Any]) -> pd.Series:
    # utc=True tolerates mixed offsets; the result is naive UTC. Microsecond resolution keeps
    # far-future sentinels such as 9999-12-31 (nanoseconds end in 2262).
    parsed = pd.to_datetime(pd.Series(list(values), dtype=object), format="ISO8601", errors="coerce",
                            utc=True)
    return parsed.dt.tz_localize(None).astype("datetime64[us]")


def country_code(text: str | None) -> str | None:
    if not text:
        return None
    if len(text) == 2 and text.isascii() and text.isalpha() and text.isupper():
        return text
    return COUNTRY_NAMES.get(text.casefold())


def address_country(address: str) -> str | None:
    return country_code(address.rsplit(",", 1)[-1].strip())


def unique(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
