#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the build (or the tests) need, if any are missing.
#   scripts/system-deps.sh build   WeasyPrint's libraries and python3-venv
#   scripts/system-deps.sh test    also poppler-utils, qpdf, LibreOffice, Chromium, Node.js
set -euo pipefail
build=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 shared-mime-info)
test=(poppler-utils qpdf libreoffice-writer-nogui python3-uno chromium nodejs npm)
want=("${build[@]}")
[ "${1:-build}" = test ] && want+=("${test[@]}")
command -v dpkg-query >/dev/null || { echo "not Debian/Ubuntu: install ${want[*]} yourself" >&2; exit 0; }
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# nodejs/npm may come from elsewhere (nvm, NodeSource): an npm on PATH is enough.
if command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
