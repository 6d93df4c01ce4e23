#!/usr/bin/env bash
# Create (or refresh) the project's virtual environment in .venv with pyhelm and its test
# dependencies installed; prints nothing but errors when it is already up to date.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
stamp="$venv/.installed-$(sha256sum "$root/pyproject.toml" | cut -c1-16)"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if [ ! -f "$stamp" ]; then
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet -e "$root[test,dev]"
  rm -f "$venv"/.installed-*
  touch "$stamp"
fi
