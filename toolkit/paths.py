"""Where the project's folders are. Everything else asks here."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The shipped data package, or ``$TOOLKIT_DATA_DIR`` when set."""
    return Path(os.environ.get("TOOLKIT_DATA_DIR") or PROJECT_ROOT / "data")


NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
TEMPLATES_DIR = PROJECT_ROOT / "templates"
REPORTS_DIR = PROJECT_ROOT / "reports"
REPORTS_TOML = PROJECT_ROOT / "reports.toml"
