"""Semiconductor export-control research toolkit.

Load the curated, source-cited data; compare regimes on any date; build
briefings. Names are imported lazily, so ``import toolkit`` stays fast and never
pulls in altair, weasyprint, papermill or nbconvert.

>>> import toolkit as tk
>>> tk.regime_matrix("2024-04-26")          # doctest: +SKIP
>>> tk.gaps("2024-04-26", reference="US")   # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_dataset": "loaders", "load_measures": "loaders", "load_events": "loaders",
    "load_provisions": "loaders", "load_listings": "loaders", "load_sources": "loaders",
    "load_entities": "loaders", "data_checksum": "loaders", "Dataset": "loaders",
    "validate": "validation",
    "regime_state": "comparison", "regime_matrix": "comparison", "gaps": "comparison",
    "alignment": "comparison", "diff": "comparison", "lags": "comparison",
    "scenario": "comparison", "to_timestamp": "comparison", "Change": "comparison",
    "timeline": "chronology",
    "load_csl": "public_formats", "load_federal_register": "public_formats",
    "load_opensanctions": "opensanctions", "load_comtrade": "public_formats",
    "normalize_name": "entities", "match_entities": "entities", "compare_lists": "entities",
    "listing_status": "listings",
    "ToolkitError": "errors", "DataError": "errors", "FormatError": "errors",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        if name in ("comparison", "charts", "findings", "artifacts", "build", "render",
                    "loaders", "chronology", "validation", "entities", "public_formats",
                    "opensanctions", "schema", "listings", "parameters"):
            return importlib.import_module(f".{name}", __name__)
        raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
