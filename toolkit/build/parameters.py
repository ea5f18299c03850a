"""A notebook's declared parameters (read by papermill from its ``parameters`` cell), and checked values.

The build checks every value before any kernel starts: papermill alone only
warns about an unknown name and happily injects a string where a list was
meant. A parameter is declared as ``name: type = default  # help`` (the
annotation may be omitted; the default's type is used).
"""

from __future__ import annotations

import ast
import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.build.notebooks import notebook_checksum, read_notebook
from toolkit.core.config import user_cache_dir
from toolkit.core.errors import ParameterError
from toolkit.core.files import write_json_atomic
from toolkit.core.lists import list_from_text

#: Set by the build, never by users.
RESERVED = ("artifacts_dir",)
#: Version of the memo layout in the per-user cache.
SCHEMA = 1
TYPES = {"str": str, "int": int, "float": float, "bool": bool, "list": list, "dict": dict}


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: Any
    help: str


def declared_parameters(path: Path) -> dict[str, Parameter]:
    """Parameters of the notebook at ``path`` (its code cell tagged ``parameters``), in order.

    papermill reads the cell (``papermill.inspect_notebook``); this adds the checks it
    leaves out: the cell must exist, and every default must be a Python literal. Results
    are kept per notebook checksum in the per-user cache, so a cached build needs neither
    papermill's import (0.4 s, measured) nor its parsing.
    """
    nb = read_notebook(path)
    if not any(c.get("cell_type") == "code" and "parameters" in c.get("metadata", {}).get("tags", [])
               for c in nb["cells"]):
        raise ParameterError(f"{path}: no code cell tagged 'parameters'")
    memo = user_cache_dir() / "parameters" / f"{notebook_checksum(path)}-{SCHEMA}.json"
    try:
        found = json.loads(memo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        found = _inspect(path)
        try:
            write_json_atomic(memo, found)
        except OSError:
            pass  # a read-only home: inspect every time
    out: dict[str, Parameter] = {}
    for name, info in found.items():
        try:
            default = ast.literal_eval(info["default"])
        except (ValueError, SyntaxError):
            raise ParameterError(f"{path}: parameter {name!r} needs a literal default, "
                                 f"got {info['default']!r}") from None
        annotated = info["inferred_type_name"]
        kind = annotated if annotated in TYPES else type(default).__name__
        out[name] = Parameter(name, kind if kind in TYPES else "str", default, info.get("help") or "")
    return out


def _inspect(path: Path) -> dict[str, dict]:
    import papermill as pm
    try:
        found = pm.inspect_notebook(str(path))
    except Exception as exc:  # nbformat's JSON, schema and encoding errors alike
        raise ParameterError(f"{path}: not a valid notebook ({type(exc).__name__}: {exc})") from None
    return {name: {k: info.get(k) for k in ("default", "inferred_type_name", "help")}
            for name, info in found.items()}


def coerce(param: Parameter, value: Any, where: str) -> Any:
    """Convert a value (a string from ``-p`` or a TOML value) to the declared type.

    Only the type: what the value means (a real date, a known jurisdiction) is checked
    against the data the build uses, by ``build.checks``."""
    kind = TYPES[param.type]
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        result = value
    elif isinstance(value, str):
        result = _from_text(param, value, where)
    elif kind is float and isinstance(value, int) and not isinstance(value, bool):
        result = float(value)
    else:
        raise ParameterError(f"{where}: parameter {param.name!r} must be {param.type}, got "
                             f"{type(value).__name__} {value!r}")
    return result


def _from_text(param: Parameter, text: str, where: str) -> Any:
    kind = param.type
    try:
        if kind == "str":
            return text
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text)
        if kind == "bool":
            lowered = text.strip().lower()
            if lowered in ("true", "yes", "1", "on"):
                return True
            if lowered in ("false", "no", "0", "off"):
                return False
            raise ValueError
        if kind == "list":
            return list_from_text(text)
        if kind == "dict":
            value = json.loads(text)
            if not isinstance(value, dict):
                raise ValueError
            return value
    except (ValueError, json.JSONDecodeError):
        pass
    example = {"int": "3", "float": "0.5", "bool": "true or false", "list": "US,JP,NL",
               "dict": '{"key": "value"}'}.get(kind, "text")
    raise ParameterError(f"{where}: parameter {param.name!r} must be {kind} (e.g. {example}), "
                         f"got {text!r}")


def did_you_mean(name: object, valid: list[str]) -> str:
    """`` (did you mean 'state-of-play'?)`` for the closest of ``valid``, case ignored; or nothing."""
    text = str(name)
    by_fold = {v.casefold(): v for v in valid}
    if text.casefold() in by_fold:
        return f" (did you mean {by_fold[text.casefold()]!r}?)"
    close = difflib.get_close_matches(text.casefold(), list(by_fold), n=1)
    return f" (did you mean {by_fold[close[0]]!r}?)" if close else ""


def resolve(declared: dict[str, Parameter], given: dict[str, Any], where: str) -> dict[str, Any]:
    """Declared defaults overridden by ``given``; unknown or reserved names are errors."""
    values = {name: p.default for name, p in declared.items() if name not in RESERVED}
    for name, value in given.items():
        if name in RESERVED:
            raise ParameterError(f"{where}: parameter {name!r} is set by the build, not by users")
        if name not in declared:
            valid = [n for n in declared if n not in RESERVED]
            raise ParameterError(f"{where}: unknown parameter {name!r}{did_you_mean(name, valid)}; "
                                 f"valid parameters: {', '.join(valid)}")
        values[name] = coerce(declared[name], value, where)
    return values
