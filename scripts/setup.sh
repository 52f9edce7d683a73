#!/usr/bin/env bash
# Set up everything the book or the tests need on a fresh machine.
#   scripts/setup.sh book   - a virtual environment (.venv) with requirements.txt
#   scripts/setup.sh test   - the same plus requirements-dev.txt, Debian's Chromium and axe-core
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-book}
VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating $VENV with $($PYTHON --version)"
  "$PYTHON" -m venv "$VENV"
fi
req=requirements.txt
[ "$what" = test ] && req=requirements-dev.txt
stamp="$VENV/.installed-$what"
if [ ! -f "$stamp" ] || [ "$req" -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing $req"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -r "$req"
  touch "$stamp"
fi

if [ "$what" = test ]; then
  # Browser tests use Debian's Chromium (Playwright never downloads a browser here).
  if [ ! -x /usr/bin/chromium ]; then
    echo "setup: installing Debian's chromium"
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    elif command -v sudo >/dev/null; then
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      echo "setup: Chromium is missing and I cannot install it (not root, no sudo)." >&2
      echo "       Install Debian's 'chromium' package, or set CHROMIUM=/path/to/chromium." >&2
      exit 1
    fi
  fi
  # The accessibility engine injected by the browser tests (pinned in package-lock.json).
  if [ -f package.json ] && [ ! -f node_modules/axe-core/axe.min.js ]; then
    echo "setup: installing axe-core from npm"
    npm ci --silent --no-audit --no-fund
  fi
fi
