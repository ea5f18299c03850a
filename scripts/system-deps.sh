#!/usr/bin/env bash
# Debian packages the toolkit needs beyond Python: WeasyPrint's pango/harfbuzz and fonts (PDF
# briefings: DejaVu, and WenQuanYi Micro Hei for the Chinese, Japanese and Korean titles the
# sources carry), poppler-utils (PDF tests) and chromium (browser tests).
# Usage: scripts/system-deps.sh briefing|test
# Installs what is missing when run as root; otherwise prints the exact apt-get line and fails.
set -euo pipefail
purpose=${1:-test}
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core
          fonts-wqy-microhei)
if [[ $purpose == test ]]; then
  packages+=(poppler-utils chromium)
fi
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then
  echo "system packages: all present (${packages[*]})"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "system packages missing: ${missing[*]} (no apt-get here: install their equivalents)" >&2
  exit 1
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "system packages missing: ${missing[*]}" >&2
  echo "install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system packages: installed ${missing[*]}"
