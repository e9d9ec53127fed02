#!/usr/bin/env bash
# Install (idempotently) what the browser tests in tests/browser need:
#   - Chromium from Debian apt, at /usr/bin/chromium (only when it is missing);
#   - the `playwright` Python package in .venv (only when it is missing).
# Playwright drives the system Chromium (executable_path="/usr/bin/chromium"); this script
# never runs `playwright install`, which would download browsers from a CDN.
# Runs unattended as root on a fresh Debian machine; exits non-zero with a message on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=/usr/bin/chromium
VENV=.venv
PLAYWRIGHT_SPEC='playwright>=1.40,<2'

die() {
  echo "browser-deps: error: $*" >&2
  exit 1
}

# --- Chromium -------------------------------------------------------------------------------
if [ -x "$CHROMIUM" ]; then
  echo "browser-deps: $CHROMIUM present ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
else
  command -v apt-get >/dev/null 2>&1 ||
    die "$CHROMIUM is missing and apt-get is not available; install Chromium by hand"
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    die "$CHROMIUM is missing; run this script as root (or with password-less sudo) to install it"
  fi
  echo "browser-deps: installing chromium with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -q || die "apt-get update failed"
  "${as_root[@]}" apt-get install -y -q --no-install-recommends chromium ||
    die "apt-get install chromium failed"
  [ -x "$CHROMIUM" ] || die "apt-get installed chromium but $CHROMIUM does not exist"
  echo "browser-deps: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
fi

# --- playwright (Python) ---------------------------------------------------------------------
[ -x "$VENV/bin/python" ] ||
  die "$VENV/bin/python not found; create the virtualenv first (scripts/test.sh or 'make')"
if "$VENV/bin/python" -c 'import playwright.sync_api' >/dev/null 2>&1; then
  echo "browser-deps: playwright present ($("$VENV/bin/python" -m pip show playwright 2>/dev/null |
    sed -n 's/^Version: //p'))"
else
  echo "browser-deps: installing $PLAYWRIGHT_SPEC into $VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "$PLAYWRIGHT_SPEC" ||
    die "pip install $PLAYWRIGHT_SPEC failed"
  "$VENV/bin/python" -c 'import playwright.sync_api' ||
    die "playwright installed but 'import playwright.sync_api' fails"
fi

echo "browser-deps: ready (run: $VENV/bin/pytest -q tests/browser)"
