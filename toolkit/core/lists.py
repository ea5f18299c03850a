"""List parameters as people type them: ``US,JP``, ``["US", "JP"]``, or a list already.

The build coerces ``-p`` values itself; a notebook run by papermill's own command line
(``papermill nb.ipynb out.ipynb -p jurisdictions '["US","JP"]'``) receives the text, so the
notebooks pass list parameters through ``as_list`` too.

>>> as_list('["US", "JP"]')
['US', 'JP']
>>> as_list("US, JP")
['US', 'JP']
>>> as_list("JP,NL:equipment_servicing;KR:persons_support")
['JP,NL:equipment_servicing', 'KR:persons_support']
"""

from __future__ import annotations

import json
from typing import Any


def list_from_text(text: str) -> list:
    """``["a", "b"]`` (JSON), ``US,JP`` or, when items hold commas, ``JP,NL:x;KR:y``.

    Raises ``ValueError`` when text starting with ``[`` is not a JSON list.
    """
    stripped = text.strip()
    if stripped.startswith("["):
        value = json.loads(stripped)
        if not isinstance(value, list):
            raise ValueError(f"{text!r} is not a JSON list")
        return value
    separator = ";" if (";" in stripped or ":" in stripped) else ","
    return [part.strip() for part in stripped.split(separator) if part.strip()]


def as_list(value: Any) -> list:
    """A list parameter's value as a list: lists and tuples as they are, text parsed, None empty."""
    if value is None:
        return []
    if isinstance(value, str):
        return list_from_text(value)
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]
