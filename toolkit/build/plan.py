"""What to build: ``reports.toml`` read and checked, briefings expanded into units with checked
parameters. Nothing here starts a kernel."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from toolkit.build.checks import check_values, is_path_parameter, user_path
from toolkit.build.parameters import RESERVED, declared_parameters, did_you_mean, resolve
from toolkit.core.errors import ConfigError, ParameterError
from toolkit.core.model import NotebookRun, Unit
from toolkit.data.schema import PackageSchema

#: Every format a briefing can have: ``--format all`` and the default briefing's ``formats``.
#: ``citations`` is the pair ``.bib`` (BibTeX) + ``.csl.json`` (CSL-JSON); ``bib`` and ``csl``
#: are accepted for it.
FORMATS = ("html", "pdf", "memo", "docx", "xlsx", "citations")
FORMAT_ALIASES = {"bib": "citations", "csl": "citations", "csl.json": "citations"}
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
#: Seconds a notebook may run before the build stops it (``timeout`` in reports.toml, --timeout).
DEFAULT_TIMEOUT = 600


def read_definitions(path: Path) -> dict:
    """Parse ``reports.toml``; errors name the file and line."""
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: report definitions not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    notebooks_dir = (Path(path).parent / raw.get("notebooks_dir", "notebooks")).resolve()
    briefings = raw.get("briefings")
    if not isinstance(briefings, dict) or not briefings:
        raise ConfigError(f"{path}: no [briefings.NAME] tables")
    for name, spec in briefings.items():
        where = f"{path}: [briefings.{name}]"
        check_name(name, where)
        if not spec.get("notebooks"):
            raise ConfigError(f"{where}: 'notebooks' is missing or empty")
        for nb in spec["notebooks"]:
            check_name(nb, f"{where}: notebook")
            if not (notebooks_dir / f"{nb}.ipynb").exists():
                raise ConfigError(f"{where}: notebook {nb!r} not found in {notebooks_dir}")
        normalise_formats(spec.get("formats", ["html", "pdf"]), f"{where}: formats")
        timeout = spec.get("timeout", DEFAULT_TIMEOUT)
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
            raise ConfigError(f"{where}: timeout must be a positive number of seconds, "
                              f"got {timeout!r}")
        fan = spec.get("fan_out")
        if fan is not None and not (isinstance(fan, dict) and fan.get("parameter")
                                    and isinstance(fan.get("values"), list)):
            raise ConfigError(f"{where}: fan_out needs parameter = NAME and values = [...]")
    default = raw.get("default")
    if default is not None and default not in briefings:
        raise ConfigError(f"{path}: default = {default!r} is not a briefing")
    return {"default": default or next(iter(briefings)), "briefings": briefings,
            "notebooks_dir": notebooks_dir}


def normalise_formats(formats: Iterable[str], where: str) -> list[str]:
    """Formats as given (``all``, aliases ``bib``/``csl``) → canonical names, in ``FORMATS`` order."""
    wanted: set[str] = set()
    for fmt in formats:
        fmt = FORMAT_ALIASES.get(str(fmt).strip(), str(fmt).strip())
        if fmt == "all":
            wanted.update(FORMATS)
        elif fmt in FORMATS:
            wanted.add(fmt)
        else:
            raise ConfigError(f"{where}: unknown format {fmt!r}; valid: {', '.join(FORMATS)}, "
                              "bib, csl (both: citations) or all")
    if not wanted:
        raise ConfigError(f"{where}: no format given; valid: {', '.join(FORMATS)} or all")
    return [f for f in FORMATS if f in wanted]


def one_off_name(briefing: str, overrides: dict[str, str]) -> str:
    """The name of a build with ``-p`` overrides and no ``--name``, so it never replaces the
    defined briefing: ``state-of-play--as_of-2025-06-30`` (characters a file name cannot
    safely hold become ``_``; a long name is cut and ends in a hash of the overrides)."""
    import hashlib
    parts = [f"{k}-{v}" for k, v in sorted(overrides.items())]
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{briefing}--" + "--".join(parts)).replace("..", "_")
    if len(name) > 96:
        digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:10]
        name = name[:84].rstrip("._-") + "--" + digest
    return name


def check_name(name: str, where: str) -> None:
    """Names become file names: refuse anything that could leave the output folder."""
    if not isinstance(name, str) or not SAFE_NAME.fullmatch(name) or ".." in name:
        raise ConfigError(f"{where}: {name!r} is not a valid name (letters, digits, '.', '_', '-'; "
                          "no '/', no '..', not absolute)")


def inside(output: Path, stem: Path, name: str) -> Path:
    """``output / stem``, refused when it would resolve outside ``output``."""
    target = (output / stem).resolve()
    if stem.is_absolute() or output not in target.parents:
        raise ConfigError(f"briefing {name!r}: output {target} would be outside {output}")
    return target


def check_names(definitions: Path, names: Iterable[str]) -> dict:
    """``reports.toml`` read, and every briefing named there ("did you mean" otherwise)."""
    defs = read_definitions(definitions)
    for name in list(names):
        check_name(name, "briefing")
        if name not in defs["briefings"]:
            raise ConfigError(f"unknown briefing {name!r}{did_you_mean(name, list(defs['briefings']))}"
                              f"; defined in {definitions.name}: " + ", ".join(defs["briefings"]))
    return defs


@dataclass(frozen=True)
class Checks:
    """What parameter values are checked against: the data's vocabulary, the clock, the folder
    relative paths are read from."""

    schema: PackageSchema | None = None  # None: the shipped data's
    allow_future: bool = False
    cwd: Path | None = None  # None: the current directory


def plan(definitions: Path, names: Iterable[str] = (), overrides: dict[str, str] | None = None,
         formats: list[str] | None = None, timeout: float | None = None,
         checks: Checks | None = None, output_name: str | None = None,
         title: str | None = None) -> list[Unit]:
    """Expand the chosen briefings into units with checked parameters (no kernel yet).

    A build with ``overrides`` or ``output_name`` is a one-off: it is written under
    ``output_name`` (or a name derived from the overrides, ``one_off_name``), never under
    the defined briefing's own name, and its manifest says so.
    """
    defs = check_names(definitions, names)
    overrides = overrides or {}
    checks = checks or Checks()
    if checks.schema is None:
        from toolkit.data.schema import default_schema
        checks = replace(checks, schema=default_schema())
    _check_overrides([], {k: v for k, v in overrides.items() if k in RESERVED})
    chosen = list(names) or [defs["default"]]
    if output_name is not None:
        check_name(output_name, "--name")
        if len(chosen) != 1:
            raise ConfigError(f"--name {output_name}: names one briefing; {len(chosen)} were chosen "
                              f"({', '.join(chosen)})")
        if output_name in defs["briefings"] and output_name != chosen[0] or (
                output_name == chosen[0] and overrides):
            raise ConfigError(f"--name {output_name}: is a briefing defined in {definitions.name}; "
                              "a one-off build needs a name of its own")
    elif title is not None:
        raise ConfigError("--title: give --name too (a one-off build's name and title)")
    units: list[Unit] = []
    for name in chosen:
        spec = defs["briefings"][name]
        label = output_name or (one_off_name(name, overrides) if overrides else name)
        if title:
            spec = dict(spec, title=title)
        elif label != name and overrides:
            given = ", ".join(f"{k}={v}" for k, v in sorted(overrides.items()))
            spec = dict(spec, title=f"{spec.get('title', name)} ({given})")
        units.extend(_expand(name, spec, overrides, formats, timeout, defs["notebooks_dir"],
                             checks, label))
    _check_overrides(units, overrides)
    return units


def _expand(name: str, spec: dict, overrides: dict[str, str], formats: list[str] | None,
            timeout: float | None, notebooks_dir: Path, checks: Checks,
            output_name: str | None = None) -> list[Unit]:
    formats = normalise_formats(formats or spec.get("formats", ["html", "pdf"]),
                                "--format" if formats else f"[briefings.{name}] formats")
    out = output_name or name
    seconds = float(timeout or spec.get("timeout", DEFAULT_TIMEOUT))
    base = dict(spec.get("parameters", {}))
    fan = spec.get("fan_out")
    members = [(None, base)] if fan is None else [
        (str(v), {**base, fan["parameter"]: v}) for v in fan["values"]]
    units = []
    for value, params in members:
        label = out if value is None else f"{out}/{value}"
        if value is not None:
            check_name(value, f"briefing {name}: fan-out value")
        title = spec.get("title", name).replace("{" + (fan or {}).get("parameter", "") + "}",
                                                value or "")
        runs = []
        for nb in spec["notebooks"]:
            path = notebooks_dir / f"{nb}.ipynb"
            declared = declared_parameters(path)
            where = f"briefing {label}, notebook {nb}"
            # reports.toml's relative paths are the project's; -p's, the current directory's
            given = {k: str(user_path(v, notebooks_dir.parent, f"{where}: parameter {k!r}"))
                     if is_path_parameter(k) and isinstance(v, str) and v else v
                     for k, v in params.items() if k in declared}
            given.update({k: v for k, v in overrides.items() if k in declared})
            values = resolve(declared, given, where)
            assert checks.schema is not None
            values = check_values(values, checks.schema, where, checks.allow_future, checks.cwd)
            runs.append(NotebookRun(nb, path, values, timeout=seconds))
        unknown = [k for k in params if not any(k in declared_parameters(r.path) for r in runs)]
        if unknown:
            raise ParameterError(f"briefing {label}: parameter {unknown[0]!r} is not declared by "
                                 f"any of its notebooks; valid: {', '.join(_valid(runs))}")
        units.append(Unit(label, name, title, Path(label), formats, runs,
                          group=out if value is not None else None, one_off=out != name,
                          overrides=dict(overrides)))
    return units


def _valid(runs: list[NotebookRun]) -> list[str]:
    names: dict[str, None] = {}
    for r in runs:
        names.update((n, None) for n in declared_parameters(r.path) if n not in RESERVED)
    return list(names)


def _check_overrides(units: list[Unit], overrides: dict[str, str]) -> None:
    for key in overrides:
        if key in RESERVED:
            raise ParameterError(f"-p {key}: parameter {key!r} is set by the build, not by users")
        if not any(key in declared_parameters(r.path) for u in units for r in u.runs):
            valid = sorted({n for u in units for n in _valid(u.runs)})
            raise ParameterError(f"-p {key}: unknown parameter{did_you_mean(key, valid)}; "
                                 f"valid parameters: {', '.join(valid)}")
