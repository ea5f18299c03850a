#!/usr/bin/env bash
# Installs the toolkit as users do (pip install ., not editable) into a fresh venv, copies the
# project folder (data, notebooks, reports.toml) elsewhere, and builds the default briefing
# there as HTML and PDF (the PDF by the print worker, a `python -m toolkit.report.worker` of the
# venv): the package must work without this checkout next to it.
# Usage: scripts/check-install.sh   (run by .ci/run; `make check-install`)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "check-install: fresh venv in $work/venv, pip install $root (not editable)"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
"$work/venv/bin/python" -m pip install --quiet "$root"
mkdir -p "$work/project"
cp -r "$root/data" "$root/notebooks" "$root/reports.toml" "$work/project/"
cd "$work/project"
timeout 600 "$work/venv/bin/toolkit" build --format html,pdf
test -s reports/state-of-play.html
grep -q 'data-vega-spec=' reports/state-of-play.html
head -c 5 reports/state-of-play.pdf | grep -q '%PDF-'
if "$work/venv/bin/python" -c "import toolkit, sys; sys.exit(not toolkit.__file__.startswith('$root'))"; then
  echo "check-install: the installed package was imported from the checkout, not the venv" >&2
  exit 1
fi
echo "check-install: ok (reports/state-of-play.html, $(wc -c < reports/state-of-play.html) bytes;" \
  "reports/state-of-play.pdf, $(wc -c < reports/state-of-play.pdf) bytes)"
