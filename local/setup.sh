#!/usr/bin/env bash
# Machine setup for the test suite: what `npm ci` cannot install.
# Debian's Chromium drives the browser test of the chat page (Playwright never downloads its own browser).
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian's chromium for the browser test"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: chromium is not installed and cannot be installed here; the browser test will be skipped with a notice"
  fi
fi
