"""Command line: ``toolkit build``, ``validate``, ``new-notebook``, ``docs``, and ``intake`` and
``data`` (in ``toolkit.commands``); also ``python -m toolkit``.

User errors (bad data, parameters, a failing notebook) print a message and
exit non-zero without a traceback; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from toolkit import __version__

EPILOG_BUILD = """examples:
  toolkit build                                  the default briefing (state of play)
  toolkit build servicing-gap-2024-04-26         a named briefing from reports.toml
  toolkit build by-jurisdiction --jobs 2         one briefing per jurisdiction, plus an index
  toolkit build -p as_of=2025-01-31 -p since=2024-10-01
  toolkit build --format html --dry-run          show what would run, start nothing
  toolkit build --name probe --title "Mid-2025" -p as_of=2025-06-30   a one-off: reports/probe.*

A build with -p overrides never replaces a briefing defined in reports.toml: it is written
as --name NAME, or under a name made from the overrides (state-of-play--as_of-2025-06-30),
and the index lists it under "One-off builds". --format takes html, pdf, memo (two-page
PDF), docx, xlsx, citations (.bib and .csl.json; bib or csl also accepted) or all.

Parameters: a -p NAME goes to every notebook that declares NAME; lists are
comma-separated (US,JP) or JSON; relative paths are read from the current
directory. Unknown names, wrong types, dates that are not real or after today
(--allow-future), start after end, unknown jurisdictions, dimensions, levels or
scenario syntax stop the build before any kernel starts (exit 2), with the
closest valid value. Unchanged work is reused from reports/.cache (or
$TOOLKIT_CACHE_DIR); --force rebuilds everything. A notebook that fails or
runs past --timeout stops its briefing: the executed notebook is kept in
reports/.failed/ and the previous report stays in place. A new analysis:
toolkit new-notebook NAME --briefing B (docs/editing-a-notebook.md).

The project folder (reports.toml, data/, notebooks/, reports/) is the current
directory or the nearest one above it with a reports.toml; --project DIR (or
$TOOLKIT_PROJECT) names another."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="toolkit",
        description="Compare semiconductor export-control regimes from source-cited data and "
                    "build briefings (HTML and PDF).")
    parser.add_argument("--version", action="version", version=f"toolkit {__version__}")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks for errors")
    parser.add_argument("--project", type=Path, metavar="DIR",
                        help="the project folder (default: the current directory or the nearest "
                             "folder above it holding reports.toml; or $TOOLKIT_PROJECT)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="build briefings (the default one when no name is given)",
                       description="Execute the briefings' notebooks and render HTML and PDF "
                                   "into reports/.", epilog=EPILOG_BUILD,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("names", nargs="*", metavar="NAME", help="briefings defined in reports.toml")
    b.add_argument("-p", "--parameter", action="append", default=[], metavar="KEY=VALUE",
                   help="override a notebook parameter (repeatable)")
    b.add_argument("--format", dest="formats", metavar="html,pdf,...",
                   help="formats to produce: html, pdf, memo, docx, xlsx, citations (bib, csl) "
                        "or all (default: each briefing's own)")
    b.add_argument("--name", metavar="NAME",
                   help="build a one-off briefing as reports/NAME.* (never a defined briefing's name)")
    b.add_argument("--title", metavar="TITLE", help="the title of a one-off build (with --name)")
    b.add_argument("-j", "--jobs", type=int, metavar="N",
                   help="notebooks executed at once (default: number of cores + 1)")
    b.add_argument("--force", action="store_true", help="ignore the cache; rebuild everything")
    b.add_argument("--dry-run", action="store_true", help="show the plan and cache state; run nothing")
    b.add_argument("--output", type=Path, metavar="DIR", help="write outputs to DIR instead of reports/")
    b.add_argument("--data", type=Path, metavar="DIR", help="use another data directory")
    b.add_argument("--kernel", metavar="NAME", help="Jupyter kernel (default: the notebooks')")
    b.add_argument("--timeout", type=float, metavar="SECONDS",
                   help="stop a notebook that runs longer (default: the briefing's timeout in "
                        "reports.toml, else 600)")
    b.add_argument("--wait", type=float, metavar="SECONDS",
                   help="wait at most this long for another build of the same reports to finish "
                        "(default: as long as it takes)")
    b.add_argument("--official-sources-only", action="store_true",
                   help="cite only the issuing authorities' own publications (Federal Register, "
                        "Official Journal, MOFCOM …); other citations are left out")
    b.add_argument("--allow-future", action="store_true",
                   help="accept dates after today (as_of, since, start, end); refused otherwise")
    b.add_argument("--list", action="store_true", help="list the briefings in reports.toml")

    v = sub.add_parser("validate", help="check a data directory against its datapackage.json",
                       description="Check schema, types, enums, keys, foreign keys, date order and "
                                   "URLs. Prints every problem as file:row:column: message (value).")
    v.add_argument("directory", nargs="?", type=Path, help="data directory (default: data/)")
    v.add_argument("--quiet", action="store_true", help="print problems only, no summary")

    n = sub.add_parser("new-notebook", help="create notebooks/NAME.ipynb from a template",
                       description="Create an analysis notebook: a documented parameters cell, a "
                                   "Recorder, an example section (chart, table, a Markdown cell "
                                   "tagged briefing). Refuses an existing name.",
                       epilog="example:\n  toolkit new-notebook chip_exports --title \"Chip exports\" "
                              "--briefing state-of-play\n\nthen: toolkit build state-of-play",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    n.add_argument("name", metavar="NAME", help="a Python identifier, e.g. chip_exports")
    n.add_argument("--title", help="the notebook's title in the briefing (default: from NAME)")
    n.add_argument("--briefing", metavar="B",
                   help="add the notebook to briefing B in reports.toml (a new briefing B is "
                        "created when none has a similar name)")

    d = sub.add_parser("docs", help="regenerate docs/data.md from datapackage.json")
    d.add_argument("--check", action="store_true", help="fail if docs/data.md is out of date")
    from toolkit.commands import add_data_parser, add_intake_parser
    add_intake_parser(sub)
    add_data_parser(sub)
    return parser


def run() -> None:
    """The ``toolkit`` command."""
    sys.exit(main())


class _StderrHandler(logging.StreamHandler):
    """Plain lines on whatever ``sys.stderr`` is at the time (tests swap it)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logging.Formatter("%(message)s"))

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def _log_to_stderr(debug: bool) -> None:
    """The build's progress lines (the ``toolkit`` loggers) on stderr."""
    logger = logging.getLogger("toolkit")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        logger.addHandler(_StderrHandler())
    logger.setLevel(logging.DEBUG if debug else logging.INFO)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    from toolkit.core.errors import ToolkitError
    _log_to_stderr(args.debug)
    if args.project is not None:
        if not (args.project / "reports.toml").is_file():
            print(f"error: --project {args.project}: no reports.toml there", file=sys.stderr)
            return 2
        # An environment variable, so the notebooks' kernels find the same project.
        os.environ["TOOLKIT_PROJECT"] = str(args.project.resolve())
    from toolkit.commands import HANDLERS
    from toolkit.core import interrupt
    interrupt.install()  # SIGTERM stops a build the way Ctrl-C does
    try:
        return {"build": _build, "validate": _validate, "docs": _docs,
                "new-notebook": _new_notebook, **HANDLERS}[args.command](args)
    except ToolkitError as exc:
        if args.debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"interrupted ({interrupt.last_signal()})", file=sys.stderr)
        return 130


def _validate(args) -> int:
    from toolkit.core.config import data_dir
    from toolkit.data.validation import validate
    directory = args.directory or data_dir()
    report = validate(directory)
    for problem in report.errors:
        print(problem)
    for problem in report.warnings:
        print(f"warning: {problem}")
    if not args.quiet:
        counts = ", ".join(f"{len(t.rows)} {name}" for name, t in report.tables.items())
        if report.ok and report.schema is not None:
            print(f"{directory}: valid (data version {report.schema.version}; {counts})",
                  file=sys.stderr)
        else:
            print(f"{directory}: {len(report.errors)} problem(s)", file=sys.stderr)
    return 0 if report.ok else 1


def _build(args) -> int:
    from toolkit.build import Options, build
    from toolkit.build.plan import normalise_formats, read_definitions
    from toolkit.core.config import reports_toml
    from toolkit.core.errors import ConfigError
    if args.list:
        defs = read_definitions(reports_toml())
        for name, spec in defs["briefings"].items():
            mark = " (default)" if name == defs["default"] else ""
            fan = spec.get("fan_out")
            extra = f" — one per {fan['parameter']}: {', '.join(map(str, fan['values']))}" if fan else ""
            print(f"{name}{mark}: {spec.get('title', '')}{extra}")
        return 0
    overrides = {}
    for item in args.parameter:
        if "=" not in item:
            raise ConfigError(f"-p {item!r}: expected KEY=VALUE")
        key, value = item.split("=", 1)
        overrides[key.strip()] = value
    formats = None
    if args.formats:
        formats = normalise_formats([f for f in args.formats.split(",") if f.strip()], "--format")
    if args.jobs is not None and args.jobs < 1:
        raise ConfigError("--jobs must be at least 1")
    for flag, value in (("--timeout", args.timeout), ("--wait", args.wait)):
        if value is not None and value <= 0:
            raise ConfigError(f"{flag} must be a positive number of seconds, got {value:g}")
    options = Options(names=args.names, overrides=overrides, formats=formats, jobs=args.jobs,
                      force=args.force, dry_run=args.dry_run, output=args.output,
                      data_dir=args.data, kernel=args.kernel, timeout=args.timeout, wait=args.wait,
                      official_sources_only=args.official_sources_only,
                      allow_future=args.allow_future, name=args.name, title=args.title)
    build(options)
    return 0


def _new_notebook(args) -> int:
    from toolkit.build.scaffold import new_notebook
    from toolkit.core.config import reports_toml
    path = new_notebook(reports_toml(), args.name, args.title, args.briefing)
    print(f"created {path}")
    if args.briefing:
        print(f"added to briefing {args.briefing!r} in reports.toml; build it with: "
              f"toolkit build {args.briefing}")
    else:
        print("add it to a briefing's notebooks in reports.toml (or use --briefing), then build")
    return 0


def _docs(args) -> int:
    from toolkit.data.dictionary import write_data_dictionary
    return write_data_dictionary(check=args.check)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
