#!/usr/bin/env bash
# WeasyPrint (the PDF papers) needs Pango, HarfBuzz's subsetter and an offline font from Debian;
# install what is missing (needs root and apt).
set -euo pipefail
missing=()
for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0 libfontconfig.so.1; do
  ldconfig -p | grep -q "$lib" || missing+=("$lib")
done
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(DejaVuSans.ttf)
[ ${#missing[@]} -eq 0 ] && exit 0
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing the PDF libraries for WeasyPrint (missing: ${missing[*]})." >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}"
else
  echo "ERROR: WeasyPrint needs ${missing[*]}: apt-get install ${packages[*]}" >&2
  exit 1
fi
