"""Where the project's folders are. Everything else asks here."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The shipped data package, or ``$TOOLKIT_DATA_DIR`` when set."""
    return Path(os.environ.get("TOOLKIT_DATA_DIR") or PROJECT_ROOT / "data")


TEMPLATES_DIR = PROJECT_ROOT / "templates"
REPORTS_DIR = PROJECT_ROOT / "reports"
REPORTS_TOML = PROJECT_ROOT / "reports.toml"


def inside(output: Path, stem: Path, name: str) -> Path:
    """``output / stem``, refused when it would resolve outside ``output``."""
    target = (output / stem).resolve()
    if stem.is_absolute() or output not in target.parents:
        raise ConfigError(f"briefing {name!r}: output {target} would be outside {output}")
    return target
