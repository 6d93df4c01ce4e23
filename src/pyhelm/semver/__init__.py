"""Masterminds semver v3 for pyhelm: versions, ordering and constraints.

Public API::

    Version.parse("v1.2")            # NewVersion (coercing) -> Version
    Version.parse_strict("1.2.3")    # StrictNewVersion
    v.compare(w) / v < w / str(v) (original) / v.String() (normalised)
    Constraints.parse(">=1.2 <2 || ^3")
    c.check(v) -> bool ; c.validate(v) -> (bool, [reasons])

Every parse failure raises :class:`SemverError` worded as Masterminds words it.
"""

from __future__ import annotations

from pyhelm.semver.constraints import Constraints
from pyhelm.semver.version import SemverError, Version, compare_prerelease


def new_version(text: str) -> Version:
    """Go ``semver.NewVersion``: alias of :meth:`Version.parse`."""
    return Version.parse(text)


def new_constraint(text: str) -> Constraints:
    """Go ``semver.NewConstraint``: alias of :meth:`Constraints.parse`."""
    return Constraints.parse(text)


__all__ = ["Constraints", "SemverError", "Version", "compare_prerelease", "new_constraint", "new_version"]
