"""A notebook's declared parameters, read from its ``parameters`` cell, and checked values.

The build checks every value before any kernel starts: papermill alone only
warns about an unknown name and happily injects a string where a list was
meant. A parameter is declared as ``name: type = default  # help`` (the
annotation may be omitted; the default's type is used).
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ParameterError

#: Set by the build, never by users.
RESERVED = ("artifacts_dir",)
TYPES = {"str": str, "int": int, "float": float, "bool": bool, "list": list, "dict": dict}


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: Any
    help: str


def notebook_source(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParameterError(f"{path}: notebook not found") from None
    except json.JSONDecodeError as exc:
        raise ParameterError(f"{path}:{exc.lineno}: not a valid notebook (JSON: {exc.msg})") from None


def declared_parameters(path: Path) -> dict[str, Parameter]:
    """Parameters of the notebook at ``path``, in declaration order."""
    nb = notebook_source(path)
    cell = next((c for c in nb.get("cells", []) if c.get("cell_type") == "code"
                 and "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        raise ParameterError(f"{path}: no code cell tagged 'parameters'")
    source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ParameterError(f"{path}: parameters cell line {exc.lineno}: {exc.msg}") from None
    lines = source.splitlines()
    out: dict[str, Parameter] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name, annotation, value = node.target.id, ast.unparse(node.annotation), node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(
                node.targets[0], ast.Name):
            name, annotation, value = node.targets[0].id, None, node.value
        else:
            continue
        try:
            default = ast.literal_eval(value) if value is not None else None
        except ValueError:
            raise ParameterError(f"{path}: parameter {name!r} needs a literal default") from None
        kind = annotation if annotation in TYPES else type(default).__name__
        comment = lines[node.lineno - 1].split("#", 1)[1].strip() if "#" in lines[
            node.lineno - 1] else ""
        out[name] = Parameter(name, kind if kind in TYPES else "str", default, comment)
    return out


def coerce(param: Parameter, value: Any, where: str) -> Any:
    """Convert a value (a string from ``-p`` or a TOML value) to the declared type."""
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
    _check_domain(param, result, where)
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
            return _list_from_text(text)
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


def _list_from_text(text: str) -> list:
    """``["a", "b"]`` (JSON), ``US,JP`` or, when items hold commas, ``JP,NL:x;KR:y``."""
    stripped = text.strip()
    if stripped.startswith("["):
        value = json.loads(stripped)
        if not isinstance(value, list):
            raise ValueError
        return value
    separator = ";" if (";" in stripped or ":" in stripped) else ","
    return [part.strip() for part in stripped.split(separator) if part.strip()]


def _check_domain(param: Parameter, value: Any, where: str) -> None:
    """Checks the toolkit knows for common parameter names (dates, codes)."""
    from .schema import default_schema
    if param.name in ("as_of", "since", "until", "start", "end") and value not in ("", None):
        text = str(value)
        if text.lower() != "latest" and not _is_date(text):
            raise ParameterError(f"{where}: parameter {param.name!r} must be a date YYYY-MM-DD"
                                 f"{' or latest' if param.name == 'as_of' else ''}, got {text!r}")
    vocab = None
    if param.name in ("jurisdictions", "reference", "focus", "dimensions", "lag_dimension"):
        vocab = default_schema()
    if param.name in ("jurisdictions", "reference", "focus"):
        items = value if isinstance(value, list) else [value]
        for item in items:
            if item and item not in vocab.jurisdictions:
                raise ParameterError(f"{where}: parameter {param.name!r}: unknown jurisdiction "
                                     f"{item!r}; valid: {', '.join(vocab.jurisdictions)}")
    if param.name in ("dimensions", "lag_dimension"):
        items = value if isinstance(value, list) else [value]
        for item in items:
            if item and item not in vocab.dimensions:
                raise ParameterError(f"{where}: parameter {param.name!r}: unknown dimension "
                                     f"{item!r}; valid: {', '.join(vocab.dimensions)}")


def _is_date(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        dt.date.fromisoformat(text)
        return True
    except ValueError:
        return False


def did_you_mean(name: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(name, valid, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


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
