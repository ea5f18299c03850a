"""Configuration: every environment variable the toolkit reads, and where the project's folders are.

The project folder holds ``reports.toml``, ``data/``, ``notebooks/`` and ``reports/``. It is
found from ``$TOOLKIT_PROJECT`` (the CLI's ``--project`` sets it, so kernels inherit it), or
else from the current directory and its parents, like git finds a repository. It is never
taken from where the package is installed: a ``pip install``-ed toolkit works on any project.

| variable | meaning |
|---|---|
| ``TOOLKIT_PROJECT`` | the project folder |
| ``TOOLKIT_DATA_DIR`` | the data package (default: ``<project>/data``) |
| ``TOOLKIT_CACHE_DIR`` | the build cache (default: ``<project>/reports/.cache``) |
| ``SOURCE_DATE_EPOCH`` | the build's clock, for reproducible outputs (seconds since 1970) |
| ``XDG_CACHE_HOME`` | per-user cache (default ``~/.cache``): the Vega bundle |
"""

from __future__ import annotations

import os
from pathlib import Path

from toolkit.core.errors import ConfigError

PROJECT_MARKER = "reports.toml"


def project_dir() -> Path:
    """The project folder: ``$TOOLKIT_PROJECT``, or the nearest folder upwards with reports.toml."""
    given = os.environ.get("TOOLKIT_PROJECT")
    if given:
        folder = Path(given).expanduser().resolve()
        if not (folder / PROJECT_MARKER).is_file():
            raise ConfigError(f"TOOLKIT_PROJECT={given}: no {PROJECT_MARKER} in {folder}")
        return folder
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_MARKER).is_file():
            return folder
    raise ConfigError(f"no project folder found: neither {here} nor a folder above it holds "
                      f"{PROJECT_MARKER}; run from inside the project, or pass --project DIR "
                      "(or set TOOLKIT_PROJECT)")


def data_dir() -> Path:
    """The data package: ``$TOOLKIT_DATA_DIR``, else the project's ``data/``."""
    given = os.environ.get("TOOLKIT_DATA_DIR")
    return Path(given).expanduser() if given else project_dir() / "data"


def reports_dir() -> Path:
    return project_dir() / "reports"


def reports_toml() -> Path:
    return project_dir() / PROJECT_MARKER


def cache_dir() -> Path:
    """The build cache: ``$TOOLKIT_CACHE_DIR``, else ``reports/.cache``."""
    given = os.environ.get("TOOLKIT_CACHE_DIR")
    return Path(given).expanduser() if given else reports_dir() / ".cache"


def user_cache_dir() -> Path:
    """Per-user cache for what depends only on installed versions (``$XDG_CACHE_HOME``)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "export-controls-toolkit"


def source_date_epoch() -> int | None:
    """``$SOURCE_DATE_EPOCH`` as an integer, or None when unset or not a number."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None
