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

# The partial plotly.js bundle the book serves (and, for the tests, axe-core), pinned in
# package-lock.json. Without npm the book still builds, with the full plotly.js on every chart page.
if [ -f package.json ] && { [ ! -f node_modules/plotly.js-basic-dist-min/plotly-basic.min.js ] \
     || [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
  if command -v npm >/dev/null; then
    echo "setup: installing front-end tools from npm (package-lock.json)"
    npm ci --silent --no-audit --no-fund
  else
    echo "setup: npm not found: the book will serve the full plotly.js; the accessibility tests need npm" >&2
  fi
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
fi
