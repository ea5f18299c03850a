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
    "load_dataset": "data.loaders", "load_measures": "data.loaders", "load_events": "data.loaders",
    "load_provisions": "data.loaders", "load_listings": "data.loaders",
    "load_sources": "data.loaders", "load_entities": "data.loaders",
    "data_checksum": "data.loaders", "Dataset": "data.loaders",
    "validate": "data.validation",
    "regime_state": "analysis.regime", "regime_matrix": "analysis.regime",
    "gaps": "analysis.compare", "alignment": "analysis.compare", "diff": "analysis.changes",
    "lags": "analysis.changes", "cell_history": "analysis.changes",
    "scenario": "analysis.compare", "Change": "analysis.compare",
    "timeline": "analysis.chronology", "listing_status": "analysis.listings",
    "listed_only_by": "analysis.listings", "compare_snapshots": "analysis.listings",
    "curated_lists": "analysis.listings", "screening_entries": "analysis.listings",
    "as_list": "core.lists",
    "normalize_name": "analysis.entities", "match_entities": "analysis.entities",
    "compare_lists": "analysis.entities", "hs8486_imports": "analysis.trade",
    "load_csl": "sources.csl", "load_federal_register": "sources.federal_register",
    "load_opensanctions": "sources.opensanctions", "load_comtrade": "sources.comtrade",
    "to_timestamp": "core.dates", "today": "core.clock",
    "ToolkitError": "core.errors", "DataError": "core.errors", "FormatError": "core.errors",
    "Recorder": "report.recorder", "Finding": "core.model",
}
#: Modules reachable as attributes (``tk.charts``, ``tk.findings``) for notebooks and scripts.
_MODULES = {"charts": "present.charts", "findings": "present.findings",
            "labels": "present.labels"}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(f".{_MODULES[name]}", __name__)
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
