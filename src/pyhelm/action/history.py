"""``helm history``: the revisions of a release (Helm ``action.History`` and the CLI's ``getHistory``)."""

from __future__ import annotations

from dataclasses import dataclass

from pyhelm.action.resources import ResourceError, validate_release_name
from pyhelm.action.status import ReleaseQueryError
from pyhelm.codec.json import Struct
from pyhelm.release.model import GoTime, Release
from pyhelm.storage import Storage

__all__ = ["HistoryEntry", "history", "history_entries"]


def history(storage: Storage, name: str) -> list[Release]:
    """Every stored revision of ``name`` (Helm ``History.Run``), in storage order.

    Raises :class:`ReleaseQueryError` ``release name is invalid: NAME`` and the
    storage's ``release: not found``.
    """
    try:
        validate_release_name(name)
    except ResourceError:
        raise ReleaseQueryError(f"release name is invalid: {name}") from None
    return storage.history(name)


@dataclass
class HistoryEntry:
    """One row of ``helm history`` (Helm ``releaseInfo``)."""

    revision: int
    updated: GoTime | None
    status: str
    chart: str
    app_version: str
    description: str

    def to_go_json(self) -> Struct:
        """The JSON struct Helm marshals, in field order (``updated`` omitted when zero)."""
        from pyhelm.release.model import format_time

        updated = format_time(self.updated) if self.updated is not None else ""
        return Struct([
            ("revision", self.revision),
            ("updated", updated, True),
            ("status", self.status),
            ("chart", self.chart),
            ("app_version", self.app_version),
            ("description", self.description),
        ])


def history_entries(storage: Storage, name: str, max_revisions: int = 256) -> list[HistoryEntry]:
    """The newest ``max_revisions`` revisions, oldest first (Helm's ``getHistory``).

    Raises as :func:`history`.
    """
    from pyhelm.action.release_printer import app_version, chart_name

    revisions = sorted(history(storage, name), key=lambda r: r.version, reverse=True)
    revisions = revisions[:max(0, max_revisions)]
    entries = []
    for rel in reversed(revisions):
        info = rel.info
        entries.append(HistoryEntry(
            revision=rel.version,
            updated=info.last_deployed if info is not None else None,
            status=str(rel.status),
            chart=chart_name(rel.chart),
            app_version=app_version(rel.chart),
            description=info.description if info is not None else "",
        ))
    return entries
