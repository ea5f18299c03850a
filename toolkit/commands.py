"""The ``toolkit intake`` and ``toolkit data`` commands: the curator's loop on the command line.

intake → review → accept → validate → release → build. Input a user can get wrong (a
malformed file, a row that does not exist, a bad version or date) ends with one line naming
it and exit code 2; an unreachable API with one line and exit code 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import logging
import sys
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("toolkit.commands")

EPILOG_INTAKE = """the curator's loop:
  toolkit intake federal-register               BIS documents of the last 30 days
                                                -> intake/federal-register-DATE.csv
  toolkit intake federal-register --since 2026-01-01
  toolkit intake federal-register --from saved-search.json   replay a saved API answer (no network)
  (a person reads the queue: `candidate` rows are proposed, `set aside` rows say why not)
  toolkit intake accept intake/federal-register-2026-12-03.csv 1 4
  (the new measures are listed in data/review.csv; `toolkit validate` reports them until a
   person has checked dates and written provisions, then deletes their rows)
  toolkit intake opensanctions targets.simple.csv --since 2026-11-01
  toolkit validate && toolkit data release 0.3.0 && toolkit build"""

EPILOG_DATA = """examples:
  toolkit data diff HEAD~3                      the data at a git revision against the working tree
  toolkit data diff /tmp/old-data data --json   two data package folders, as JSON
  toolkit data release 0.3.0                    bump, stamp, write CHANGELOG.md and release.json
  toolkit data release 0.3.1 --against v0.3.0   against another revision or folder"""


def add_intake_parser(sub) -> None:
    p = sub.add_parser("intake", help="bring new official documents and list changes to a review queue",
                       description="Write review queues (CSV) of candidate measures and listing changes "
                                   "from official feeds; accept rows into data/ once a person has read them.",
                       epilog=EPILOG_INTAKE, formatter_class=argparse.RawDescriptionHelpFormatter)
    isub = p.add_subparsers(dest="intake_command", metavar="SOURCE", required=True)
    fr = isub.add_parser("federal-register", help="BIS documents from the Federal Register API",
                         description="Query the Federal Register API for documents of the Bureau of "
                                     "Industry and Security (every page), or read a saved search-results "
                                     "JSON, and write intake/federal-register-DATE.csv: documents the data "
                                     "does not cite yet, as `candidate` (Entity List changes, EAR parts "
                                     "734/740/742/744/772/774, semiconductor or computing keywords) or `set "
                                     "aside` with the reason. The API's answer is saved beside the queue.")
    fr.add_argument("--since", metavar="DATE", help="published on or after DATE (default: 30 days ago)")
    fr.add_argument("--from", dest="from_file", type=Path, metavar="FILE",
                    help="read this saved search-results JSON instead of the API (no network)")
    _common(fr)
    acc = isub.add_parser("accept", help="add accepted queue rows to data/ as measures to review",
                          description="Turn Federal Register queue rows into measures (with their "
                                      "sources) in data/, listed in data/review.csv: `toolkit validate` "
                                      "reports each until a person has checked its dates and provisions "
                                      "and deleted its row. The queue's `decision` column records it.")
    acc.add_argument("queue", type=Path, metavar="FILE",
                     help="a queue written by `toolkit intake federal-register`")
    acc.add_argument("rows", nargs="+", metavar="ROW", help="numbers from the queue's `row` column")
    acc.add_argument("--data", type=Path, metavar="DIR", help="the data directory (default: data/)")
    os_ = isub.add_parser("opensanctions", help="a fresh OpenSanctions export against the curated listings",
                          description="Compare an OpenSanctions export (targets.simple.csv or FtM JSON "
                                      "lines) with data/listings.csv and write "
                                      "intake/opensanctions-DATE.csv: "
                                      "tracked entities newly on a watched list (US CSL, Japan's End User "
                                      "List, Taiwan's entity list), curated listings the export no longer "
                                      "has, and with --since untracked Chinese entities listed since.")
    os_.add_argument("export", type=Path, metavar="FILE", help="the OpenSanctions export")
    os_.add_argument("--since", metavar="DATE", help="also propose untracked entities first seen since DATE")
    _common(os_)


def _common(p) -> None:
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="where the queue goes (default: intake/ in the project)")
    p.add_argument("--data", type=Path, metavar="DIR", help="the data directory (default: data/)")


def add_data_parser(sub) -> None:
    p = sub.add_parser("data", help="compare data versions; release the data",
                       description="Diff two states of the data package; release a new data version.",
                       epilog=EPILOG_DATA, formatter_class=argparse.RawDescriptionHelpFormatter)
    dsub = p.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    diff = dsub.add_parser("diff", help="measures added, removed, changed; regime cells flipped",
                           description="Report measures added, removed and changed (field by field, "
                                       "provisions and source included) and the regime-matrix cells whose "
                                       "level flipped on the latest date. OLD and NEW are data package "
                                       "folders or git revisions of the project (NEW defaults to data/).")
    diff.add_argument("old", metavar="OLD", help="a folder with datapackage.json, or a git revision")
    diff.add_argument("new", nargs="?", metavar="NEW", help="the same (default: the data folder as it is)")
    diff.add_argument("--json", action="store_true", help="print JSON instead of text")
    diff.add_argument("--as-of", metavar="DATE", default="latest",
                      help="the date the regime cells are compared on (default: latest, i.e. today)")
    diff.add_argument("--data", type=Path, metavar="DIR", help="the data directory (default: data/)")
    rel = dsub.add_parser("release", help="bump the version, stamp the date, write the changelog entry",
                          description="Release the data as X.Y.Z (greater than the current version): "
                                      "set version and created in datapackage.json, write the CHANGELOG.md "
                                      "entry and release.json from the diff against the previous release "
                                      "(the git commit that introduced the current version, or --against). "
                                      "The data must validate.")
    rel.add_argument("version", metavar="X.Y.Z", help="the new data version")
    rel.add_argument("--against", metavar="REV|DIR", help="the previous release: a git revision or a folder")
    rel.add_argument("--data", type=Path, metavar="DIR", help="the data directory (default: data/)")


Handler = Callable[[argparse.Namespace], int]


def _one_line_input_errors(handler: Handler) -> Handler:
    """A file in the wrong format is a user's input error: one line, exit code 2."""
    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        from toolkit.core.errors import ConfigError, FormatError
        try:
            return handler(args)
        except FormatError as exc:
            where = f"{exc.file}:{exc.line}" if exc.line is not None else exc.file
            text = f"{where}: {exc.message}" + (f" (expected {exc.expected})" if exc.expected else "")
            raise ConfigError(text) from None
    return run


def _date(text: str | None, flag: str) -> dt.date | None:
    from toolkit.core.dates import parse_date
    from toolkit.core.errors import ConfigError
    if text is None:
        return None
    day = parse_date(text)
    if day is None:
        raise ConfigError(f"{flag} {text!r}: not a date; expected YYYY-MM-DD")
    return day


def _dirs(args) -> tuple[Path, Path]:
    from toolkit.core.config import data_dir, project_dir
    return (args.data or data_dir()), (getattr(args, "out", None) or project_dir() / "intake")


@_one_line_input_errors
def _intake(args) -> int:
    from toolkit.core.clock import today
    data, out = _dirs(args)
    day = today()
    if args.intake_command == "accept":
        from toolkit.intake.accept import accept
        added = accept(args.queue, args.rows, data, day)
        print(f"added {len(added)} measure(s) to {data}, listed in review.csv for a person to check: "
              + ", ".join(added))
        print("next: read each document, fix dates/instrument/category, add provisions, delete the "
              "review.csv row, then `toolkit validate`", file=sys.stderr)
        return 0
    if args.intake_command == "federal-register":
        from toolkit.intake.federal_register import run_intake
        since = _date(args.since, "--since") or day - dt.timedelta(days=30)
        path = run_intake(data, out, day.isoformat(), from_file=args.from_file, since=since.isoformat())
    else:
        from toolkit.intake.listings import run_listings_intake
        path = run_listings_intake(args.export, data, out, day.isoformat(),
                                   since=_date(args.since, "--since"))
    print(path)
    return 0


@_one_line_input_errors
def _data(args) -> int:
    from toolkit.core.config import data_dir
    data = args.data or data_dir()
    if args.data_command == "diff":
        from toolkit.releases.diff import diff_packages
        if args.as_of != "latest":
            _date(args.as_of, "--as-of")
        result = diff_packages(args.old, args.new or data, as_of=args.as_of, data=data)
        sys.stdout.write(result.to_json() if args.json else result.to_text())
        return 0
    from toolkit.core.clock import today
    from toolkit.releases.release import release
    changes = release(data, args.version, today(), args.against)
    print(f"released data {args.version}: {len(changes.of('added'))} added, {len(changes.of('removed'))} "
          f"removed, {len(changes.of('changed'))} changed measure(s); wrote datapackage.json, CHANGELOG.md "
          "and release.json", file=sys.stderr)
    return 0


HANDLERS: dict[str, Handler] = {"intake": _intake, "data": _data}
