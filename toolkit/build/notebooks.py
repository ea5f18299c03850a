"""Reading notebooks: their JSON, the checksum of what they compute, their declared parameters.

Notebooks are read as JSON here, not with nbformat: the build reads every notebook on
every run, cached or not, and nbformat's import and schema validation (0.2–0.3 s,
measured) would be most of a cached rebuild. papermill, which executes them, reads them
with nbformat.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from toolkit.core.errors import ParameterError


def read_notebook(path: Path) -> dict:
    """A notebook's JSON; a missing or broken file is a ``ParameterError`` naming it."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParameterError(f"{path}: notebook not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParameterError(f"{path}: not a valid notebook ({exc})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ParameterError(f"{path}: not a valid notebook (no list of cells)")
    return nb


def cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def notebook_checksum(path: Path) -> str:
    """Checksum of what a notebook computes: its cells' sources, types and tags, not outputs."""
    cells = [(c.get("cell_type"), cell_source(c), sorted(c.get("metadata", {}).get("tags", [])))
             for c in read_notebook(path)["cells"]]
    return hashlib.sha256(json.dumps(cells, sort_keys=True).encode()).hexdigest()
