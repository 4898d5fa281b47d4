#!/usr/bin/env bash
# Machine setup for the test suite: what `npm ci` cannot install.
# Debian's Chromium drives the browser test of the chat page (Playwright never downloads its own browser),
# with an emoji font so the page looks as it does on a desktop. Without Chromium the browser test is skipped
# with a notice, so a failed install warns and does not stop CI. cfn-lint (below) is required in CI.
set -euo pipefail

# cfn-lint lints the synthesized templates (tests/infra/template-checks.test.ts, which fails in CI without it).
# It is a Python package: the machines' image has it (pip, 1.51.0); where it is missing, pip installs that
# version (this needs PyPI, which these machines do not reach, hence the short timeout).
if ! command -v cfn-lint >/dev/null 2>&1 && ! python3 -m cfnlint --version >/dev/null 2>&1; then
  echo "setup: installing cfn-lint 1.51.0 with pip for the template checks"
  python3 -m pip install --quiet --retries 1 --timeout 20 'cfn-lint==1.51.0' \
    || echo "setup: could not install cfn-lint; the template checks will fail in CI (skipped elsewhere)"
fi

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if command -v fc-list >/dev/null 2>&1 && ! fc-list 2>/dev/null | grep -qi 'emoji'; then
  missing+=(fonts-noto-color-emoji)
fi
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: ${missing[*]} not installed and cannot be installed here (needs root and apt-get)."
  echo "setup: the chat page's browser test will be skipped with a notice."
  exit 0
fi

echo "setup: installing ${missing[*]} from Debian for the chat page's browser test"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
  echo "setup: could not install ${missing[*]}; the browser test will be skipped with a notice."
fi
