"""``.Capabilities``: the Kubernetes and Helm versions templates can query.

Follows Helm v4.2's ``pkg/chart/common/capabilities.go`` (``Capabilities``,
``KubeVersion``, ``VersionSet``, ``ParseKubeVersion``, ``DefaultCapabilities``)
and ``internal/version.BuildInfo``. The defaults are the values the reference
Helm v4.2.3 library reports (Kubernetes ``v1.36.0``, its default API version list).

Objects follow the struct-like protocol of docs/ARCHITECTURE.md: Go field names as
attributes, Go methods as callable attributes (``Has``, ``String``, ``GitVersion``),
``__go_type__``, ``__go_fields__()`` and ``__go_json__()``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pyhelm import version as build
from pyhelm.engine.runtime import go_quote as _go_quote

# scheme.Scheme.PrioritizedVersionsAllGroups() of client-go v0.36 plus apiextensions, in order.
DEFAULT_API_VERSIONS: tuple[str, ...] = (
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha2",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
)


class KubeVersionError(ValueError):
    """A Kubernetes version string could not be parsed; ``str(err)`` is Go's message."""


class KubeVersion:
    """Helm ``common.KubeVersion``: ``.Version``, ``.Major``, ``.Minor`` (strings).

    ``String()`` (the template's plain ``{{ .Capabilities.KubeVersion }}``) is the
    normalized version; ``GitVersion()`` is the deprecated alias of ``Version``.
    """

    __go_type__ = "common.KubeVersion"

    def __init__(self, version: str, major: str, minor: str, normalized: str = "") -> None:
        self.Version = version
        self.Major = major
        self.Minor = minor
        self._normalized = normalized

    def String(self) -> str:  # noqa: N802 - Go method name
        """Go ``(*KubeVersion).String``: the normalized version, else ``Version``."""
        return self._normalized or self.Version

    def GitVersion(self) -> str:  # noqa: N802 - Go method name
        """Go ``(*KubeVersion).GitVersion`` (deprecated): the full version."""
        return self.Version

    def __str__(self) -> str:
        return self.String()

    def __go_fields__(self) -> dict[str, Any]:
        """Fields in Go order for ``%v`` (the unexported normalized version included)."""
        return {
            "Version": self.Version,
            "normalizedVersion": self._normalized,
            "Major": self.Major,
            "Minor": self.Minor,
        }

    def __go_json__(self) -> dict[str, Any]:
        """``toJson`` form: exported fields only."""
        return {"Version": self.Version, "Major": self.Major, "Minor": self.Minor}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KubeVersion) and self.__go_fields__() == other.__go_fields__()

    def __repr__(self) -> str:
        return f"KubeVersion({self.Version!r}, {self.Major!r}, {self.Minor!r})"


class VersionSet(list):
    """Helm ``common.VersionSet`` (a ``[]string``) with its ``Has`` method."""

    __go_type__ = "common.VersionSet"

    def Has(self, api_version: str) -> bool:  # noqa: N802 - Go method name
        """True when ``api_version`` (e.g. ``apps/v1``) is in the set."""
        return api_version in self


class BuildInfo:
    """Helm ``internal/version.BuildInfo`` (``.Capabilities.HelmVersion``)."""

    __go_type__ = "version.BuildInfo"

    def __init__(self, **fields: str) -> None:
        """Fields default to :func:`pyhelm.version.build_info`; keywords use the Go names."""
        info = {**build.build_info(), **fields}
        self.Version = info["Version"]
        self.GitCommit = info["GitCommit"]
        self.GitTreeState = info["GitTreeState"]
        self.GoVersion = info["GoVersion"]
        self.KubeClientVersion = info["KubeClientVersion"]

    def __go_fields__(self) -> dict[str, Any]:
        """Fields in Go order for ``%v``."""
        return {
            "Version": self.Version,
            "GitCommit": self.GitCommit,
            "GitTreeState": self.GitTreeState,
            "GoVersion": self.GoVersion,
            "KubeClientVersion": self.KubeClientVersion,
        }

    def __go_json__(self) -> dict[str, Any]:
        """``toJson`` form (Go JSON tags; empty commit and tree state omitted)."""
        out: dict[str, Any] = {"version": self.Version}
        if self.GitCommit:
            out["git_commit"] = self.GitCommit
        if self.GitTreeState:
            out["git_tree_state"] = self.GitTreeState
        out["go_version"] = self.GoVersion
        out["kube_client_version"] = self.KubeClientVersion
        return out


class Capabilities:
    """Helm ``common.Capabilities``: ``.KubeVersion``, ``.APIVersions``, ``.HelmVersion``."""

    __go_type__ = "*common.Capabilities"

    def __init__(
        self, kube_version: KubeVersion, api_versions: Iterable[str], helm_version: BuildInfo
    ) -> None:
        self.KubeVersion = kube_version
        self.APIVersions = VersionSet(api_versions)
        self.HelmVersion = helm_version

    def __go_fields__(self) -> dict[str, Any]:
        """Fields in Go order for ``%v``."""
        return {
            "KubeVersion": self.KubeVersion,
            "APIVersions": self.APIVersions,
            "HelmVersion": self.HelmVersion,
        }

    def __go_json__(self) -> dict[str, Any]:
        """``toJson`` form."""
        return {
            "KubeVersion": self.KubeVersion.__go_json__(),
            "APIVersions": list(self.APIVersions),
            "HelmVersion": self.HelmVersion.__go_json__(),
        }


# --------------------------------------------------------------------------- parsing

_VERSION_RE = re.compile(r"^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)*$", re.DOTALL)


def _parse_generic(text: str) -> list[int]:
    """k8s ``util/version.ParseGeneric``: the numeric components (at least two)."""
    match = _VERSION_RE.match(text)
    if match is None:
        raise KubeVersionError(f"could not parse {_go_quote(text)} as version")
    components = match.group(1).split(".")
    if len(components) < 2:
        raise KubeVersionError(f"illegal version string {_go_quote(text)}")
    numbers = []
    for i, comp in enumerate(components):
        if i == 0 and comp.startswith("0") and comp != "0":
            raise KubeVersionError(
                f"illegal zero-prefixed version component {_go_quote(comp)} in {_go_quote(text)}"
            )
        value = int(comp)
        if value >= 2**64:
            raise KubeVersionError(
                f"illegal non-numeric version component {_go_quote(comp)} in {_go_quote(text)}: "
                f"strconv.ParseUint: parsing {_go_quote(comp)}: value out of range"
            )
        numbers.append(value)
    return numbers


def parse_kube_version(text: str) -> KubeVersion:
    """Helm ``common.ParseKubeVersion`` (``--kube-version``).

    ``"1.33.4-gke.1"`` → ``Version "v1.33.4-gke.1"``, ``Major "1"``, ``Minor "33"``,
    ``String() "v1.33.4"``. Raises :class:`KubeVersionError` with k8s' message.
    """
    numbers = _parse_generic(text)
    version = text if text.startswith("v") else "v" + text
    normalized = "v" + ".".join(str(n) for n in numbers)
    return KubeVersion(version, str(numbers[0]), str(numbers[1]), normalized)


def parse_kube_version_flag(text: str) -> KubeVersion:
    """``--kube-version`` as the Helm CLI reports it: ``invalid kube version 'X': ...``."""
    try:
        return parse_kube_version(text)
    except KubeVersionError as err:
        raise KubeVersionError(f"invalid kube version '{text}': {err}") from None


def default_capabilities(
    *, kube_version: KubeVersion | str | None = None, api_versions: Iterable[str] = ()
) -> Capabilities:
    """Helm ``DefaultCapabilities`` with ``--kube-version`` and ``--api-versions`` applied.

    A fresh object each call. ``api_versions`` are appended after the defaults, as
    ``helm template --api-versions`` does.
    """
    if isinstance(kube_version, str):
        kube_version = parse_kube_version(kube_version)
    if kube_version is None:
        version = f"{build.kube_client_version()}.0"
        kube_version = KubeVersion(version, str(build.KUBE_CLIENT_MAJOR), str(build.KUBE_CLIENT_MINOR), version)
    return Capabilities(kube_version, [*DEFAULT_API_VERSIONS, *api_versions], BuildInfo())


def check_kube_version(chart: Any, capabilities: Capabilities) -> None:
    """The install/template check of ``Chart.yaml``'s ``kubeVersion`` constraint.

    Raises :class:`KubeVersionError` ``chart requires kubeVersion: C which is
    incompatible with Kubernetes V`` (an unparsable constraint is incompatible too).
    """
    from pyhelm.chartutil.dependencies import is_compatible_range

    wanted = chart.metadata.kube_version
    if not wanted:
        return
    actual = capabilities.KubeVersion.String()
    if not is_compatible_range(wanted, actual):
        raise KubeVersionError(
            f"chart requires kubeVersion: {wanted} which is incompatible with Kubernetes {actual}"
        )
