#!/usr/bin/env bash
# Make sure a headless Chromium exists for the browser tests.
# As root (CI, a fresh machine) take Debian's package; elsewhere Playwright's own download.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  "${1:-.venv/bin/python}" -m playwright install chromium
fi
