#!/usr/bin/env bash
# Make sure the tests' outside tools exist: a headless Chromium for the browser tests, poppler's pdftoppm,
# which renders the board report's pages to images for the report's page test, and nginx, which the deploy
# test runs with the bundled configuration.
# As root (CI, a fresh machine) take Debian's packages; elsewhere Playwright's own browser download (and say
# how to get pdftoppm, whose test is then skipped with that reason).
set -euo pipefail
missing=()
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi
if ! command -v pdftoppm >/dev/null 2>&1; then
  missing+=(poppler-utils)
fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  missing+=(nginx-light)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
elif [[ " ${missing[*]} " == *" chromium "* ]]; then
  "${1:-.venv/bin/python}" -m playwright install chromium
  echo "pdftoppm or nginx may be missing: install poppler-utils and nginx-light to run their tests" >&2
fi
