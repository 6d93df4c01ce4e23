"""Shared pytest set-up: the tests folder is importable (``oracle``, ``testpaths``)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from testpaths import ROOT, SHARED, TESTS  # noqa: E402,F401 - kept for older imports
