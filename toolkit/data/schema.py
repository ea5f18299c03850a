"""The data package's description (``datapackage.json``) as small typed objects.

``datapackage.json`` is the single source of truth for the dataset's shape: its
field types, required fields, enums, keys, and the regime's jurisdictions,
dimensions and ordered levels. The validator, the loaders and the data
dictionary all read it from here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from toolkit.core.errors import DataError, Problem

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Resource:
    name: str
    path: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True)
class PackageSchema:
    """What ``datapackage.json`` says, with the regime vocabulary in order."""

    name: str
    title: str
    version: str
    resources: dict[str, Resource]
    jurisdictions: dict[str, str]
    dimensions: dict[str, str]
    levels: dict[str, str] = field(default_factory=dict)
    #: layer code (``WA``, ``EU``) -> the compared jurisdictions it applies in (codebook G1)
    applies_in: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: codebook rule IDs a provision's rationale may start with (``regime.rule_ids``)
    rule_ids: tuple[str, ...] = ()
    raw: dict = field(default_factory=dict, repr=False, compare=False, hash=False)

    @property
    def level_order(self) -> list[str]:
        return list(self.levels)

    @property
    def layers(self) -> dict[str, tuple[str, ...]]:
        """Compared jurisdiction -> the other layers whose provisions also apply in it (G1)."""
        out: dict[str, list[str]] = {j: [] for j in self.jurisdictions}
        for layer, targets in self.applies_in.items():
            for jur in targets:
                out.setdefault(jur, []).append(layer)
        return {j: tuple(v) for j, v in out.items()}


def _parse(descriptor: dict, where: str) -> PackageSchema:
    resources = {}
    for res in descriptor["resources"]:
        schema = res["schema"]
        fields = tuple(
            Field(
                name=f["name"], type=f.get("type", "string"), description=f.get("description", ""),
                required=bool(f.get("constraints", {}).get("required")),
                unique=bool(f.get("constraints", {}).get("unique")),
                enum=tuple(f["constraints"]["enum"]) if "enum" in f.get("constraints", {}) else None,
                pattern=f.get("constraints", {}).get("pattern"),
            )
            for f in schema["fields"]
        )
        pk = schema.get("primaryKey", [])
        fks = tuple(
            ForeignKey(tuple(fk["fields"]), fk["reference"]["resource"], tuple(fk["reference"]["fields"]))
            for fk in schema.get("foreignKeys", [])
        )
        resources[res["name"]] = Resource(res["name"], res["path"], res.get("description", ""),
                                          fields, tuple([pk] if isinstance(pk, str) else pk), fks)
    regime = descriptor.get("regime", {})
    applies_in = {k: tuple(v) for k, v in regime.get("applies_in", {}).items()}
    for layer, spec in regime.get("layers", {}).items():
        applies_in[layer] = tuple(spec.get("applies_in", ()))
    return PackageSchema(
        name=descriptor.get("name", ""), title=descriptor.get("title", ""),
        version=str(descriptor.get("version", "")), resources=resources,
        jurisdictions=dict(regime.get("jurisdictions", {})),
        dimensions=dict(regime.get("dimensions", {})), levels=dict(regime.get("levels", {})),
        applies_in=applies_in, rule_ids=tuple(regime.get("rule_ids", ())),
        raw=descriptor,
    )


def read_schema(data_dir: str | Path) -> PackageSchema:
    """Read ``datapackage.json`` from a data directory; ``DataError`` if unusable."""
    path = Path(data_dir) / DESCRIPTOR
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DataError([Problem(str(path), None, None,
                                 "no datapackage.json: is this a data directory?")]) from None
    return _read_cached(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read_cached(path: str, _mtime: int, _size: int) -> PackageSchema:
    try:
        descriptor = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise DataError([Problem(path, line, None, f"not valid JSON: {exc}")]) from None
    try:
        return _parse(descriptor, path)
    except (KeyError, TypeError) as exc:
        raise DataError([Problem(path, None, None,
                                 f"not a table schema data package: missing {exc}")]) from None


def default_schema() -> PackageSchema:
    """The shipped package's schema (the regime vocabulary lives here)."""
    from toolkit.core.config import data_dir
    return read_schema(data_dir())
