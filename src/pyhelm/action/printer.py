"""Printing a release as Helm's install/upgrade/rollback/test commands do (``pkg/cmd/status.go``).

The install-family commands print the same report as ``helm status`` (Helm's
``statusPrinter``): NAME / LAST DEPLOYED / NAMESPACE / STATUS / REVISION / DESCRIPTION /
TEST SUITE / NOTES (HOOKS and MANIFEST for a dry run), or the release record for
``-o json`` / ``-o yaml``. The formatting itself is shared with ``status`` in
:mod:`pyhelm.action.release_printer`.
"""

from __future__ import annotations

import datetime as _dt

from pyhelm.release.model import Release

__all__ = ["OutputFormatError", "ansic", "format_release"]


class OutputFormatError(ValueError):
    """An unknown ``-o`` value."""


def ansic(value: _dt.datetime) -> str:
    """Go's ``time.ANSIC`` layout (``Mon Jan _2 15:04:05 2006``) of a release time."""
    from pyhelm.action.release_printer import format_ansic

    return format_ansic(value)


def format_release(
    rel: Release,
    output: str = "table",
    *,
    debug: bool = False,
    hide_notes: bool = False,
    show_metadata: bool = False,
) -> str:
    """Render ``rel`` for ``-o table|json|yaml`` (Helm's ``statusPrinter``).

    Raises :class:`OutputFormatError` (``invalid format type "X"``) for another format.
    """
    from pyhelm.action.release_printer import write_release

    try:
        return write_release(rel, output, debug=debug, hide_notes=hide_notes, show_metadata=show_metadata)
    except ValueError as err:
        if output in ("table", "json", "yaml"):
            raise
        raise OutputFormatError(str(err)) from err
