#!/usr/bin/env bash
# Install Debian's chromium and CJK fonts for the browser tests, if missing (needs root or sudo).
# Playwright drives this system chromium; `playwright install` (a browser download) is never used.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto/NotoSansCJK* >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
if ! command -v apt-get >/dev/null; then
    echo "install-browser: no apt-get; install ${missing[*]} by hand (browser tests will be skipped)" >&2
    exit 0
fi
echo "install-browser: installing ${missing[*]}" >&2
if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >&2; then
    echo "install-browser: could not install ${missing[*]} (browser tests will be skipped)" >&2
fi
