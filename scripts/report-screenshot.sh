#!/usr/bin/env bash
# Render a `nines report` folder's index.html to a PNG with headless Chromium, so the page
# can be looked at as a reader sees it. Installs Debian's `chromium` when it is missing.
# Usage: scripts/report-screenshot.sh REPORT_DIR [OUT.png] [WIDTH,HEIGHT]
set -euo pipefail
dir=${1:?usage: scripts/report-screenshot.sh REPORT_DIR [OUT.png] [WIDTH,HEIGHT]}
out=${2:-$dir/screenshot.png}
size=${3:-1280,6000}
if [ ! -f "$dir/index.html" ]; then
    echo "report-screenshot: $dir/index.html: no such file (run nines report --out $dir first)" >&2
    exit 2
fi
if ! command -v chromium >/dev/null 2>&1; then
    echo "report-screenshot: installing chromium (Debian package)" >&2
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
fi
page="file://$(realpath "$dir")/index.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --screenshot="$(realpath -m "$out")" --window-size="$size" "$page" 2>/dev/null
echo "$out"
