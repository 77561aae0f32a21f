#!/usr/bin/env bash
# Renders every page of the built PDF, and of LibreOffice's rendering of the DOCX, into
# one contact sheet each: docs/pdf-pages.png and docs/docx-pages.png (shown in the README).
# Needs poppler-utils, imagemagick and libreoffice-writer-nogui. Run after `make build`.
set -euo pipefail
cd "$(dirname "$0")/.."
year=${1:-2025}
base=output/$year/halsingeradets-handlingsplan-$year
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
soffice --headless "-env:UserInstallation=file://$work/profile" --convert-to pdf --outdir "$work" "$base.docx" >/dev/null
[ -f "$work/$(basename "$base").pdf" ] || { echo "LibreOffice wrote no PDF" >&2; exit 1; }
sheet() {  # sheet PDF OUT
  rm -f "$work"/page-*.png
  pdftoppm -r 40 -png "$1" "$work/page"
  montage "$work"/page-*.png -tile 6x -geometry +6+6 -background '#9a9a9a' -strip "$2"
}
sheet "$base.pdf" docs/pdf-pages.png
sheet "$work/$(basename "$base").pdf" docs/docx-pages.png
echo "wrote docs/pdf-pages.png and docs/docx-pages.png"
