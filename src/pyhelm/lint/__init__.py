"""Helm's chart linter (``pkg/chart/v2/lint``): rules over a chart directory, reported as messages.

:func:`run_all` runs every rule on one chart directory and returns a
:class:`~pyhelm.lint.linter.Linter` holding the :class:`~pyhelm.lint.linter.Message` list.
"""

from __future__ import annotations

from pyhelm.lint.linter import ERROR, INFO, UNKNOWN, WARNING, Linter, Message, run_all

__all__ = ["ERROR", "INFO", "UNKNOWN", "WARNING", "Linter", "Message", "run_all"]
