"""Shared pytest fixtures and paths."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(TESTS))
