"""Errors shared by the release actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyhelm.release.model import Release


class ReleaseActionError(Exception):
    """An action on a release failed; ``str(err)`` is Helm's message and ``release`` the
    release as far as the action got (None when it failed before making one)."""

    def __init__(self, message: str, release: Release | None = None) -> None:
        super().__init__(message)
        self.release = release
