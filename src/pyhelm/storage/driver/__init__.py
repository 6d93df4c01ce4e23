"""Storage drivers for release records (Helm ``pkg/storage/driver``).

A driver keeps release revisions under keys ``sh.helm.release.v1.<name>.v<revision>``
and answers label queries over ``name``, ``owner``, ``status`` and ``version``. The
drivers are selected as Helm selects them from ``HELM_DRIVER`` (:func:`new_driver`):

- ``secret`` / ``secrets`` / empty (default): :class:`~.secrets.Secrets`
- ``configmap`` / ``configmaps``: :class:`~.configmaps.ConfigMaps`
- ``memory``: :class:`~.memory.Memory`
- ``sql``: :class:`~.sql.SQL` (PostgreSQL, ``HELM_DRIVER_SQL_CONNECTION_STRING``)
"""

from __future__ import annotations

import abc
import builtins
import re
from collections.abc import Callable, Mapping
from typing import Any

from pyhelm.engine.runtime import go_quote
from pyhelm.release.model import Release

__all__ = [
    "Driver",
    "InvalidKeyError",
    "NoDeployedReleasesError",
    "ReleaseExistsError",
    "ReleaseNotFoundError",
    "StorageError",
    "SYSTEM_LABELS",
    "driver_from_env",
    "filter_system_labels",
    "new_driver",
    "validate_label_value",
]


class StorageError(Exception):
    """A storage driver failed; ``str(err)`` is Helm's message."""


class ReleaseNotFoundError(StorageError):
    """Helm ``driver.ErrReleaseNotFound``: ``release: not found``."""

    def __init__(self, message: str = "release: not found") -> None:
        super().__init__(message)


class ReleaseExistsError(StorageError):
    """Helm ``driver.ErrReleaseExists``: ``release: already exists``."""

    def __init__(self, message: str = "release: already exists") -> None:
        super().__init__(message)


class InvalidKeyError(StorageError):
    """Helm ``driver.ErrInvalidKey``: ``release: invalid key``."""

    def __init__(self, message: str = "release: invalid key") -> None:
        super().__init__(message)


class NoDeployedReleasesError(StorageError):
    """Helm ``driver.NewErrNoDeployedReleases``: ``"NAME" has no deployed releases``."""

    def __init__(self, release_name: str) -> None:
        super().__init__(f"{go_quote(release_name)} has no deployed releases")
        self.release_name = release_name


# ---------------------------------------------------------------------------
# labels
# ---------------------------------------------------------------------------

#: Labels Helm manages itself; a release's custom labels never use these keys.
SYSTEM_LABELS = frozenset({"name", "owner", "status", "version", "createdAt", "modifiedAt"})


def is_system_label(key: str) -> bool:
    """True for a label Helm's drivers set themselves (Helm ``isSystemLabel``)."""
    return key in SYSTEM_LABELS


def filter_system_labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    """The custom labels of ``labels`` (Helm ``filterSystemLabels``)."""
    return {k: v for k, v in (labels or {}).items() if not is_system_label(k)}


def system_labels(rel: Release) -> dict[str, str]:
    """``name``/``owner``/``status``/``version`` of a release as Helm labels its records."""
    return {
        "name": rel.name,
        "owner": "helm",
        "status": str(rel.info.status) if rel.info is not None else "",
        "version": str(rel.version),
    }


_LABEL_VALUE = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?")
_LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
    "or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)


def validate_label_value(value: str) -> builtins.list[str]:
    """Kubernetes ``validation.IsValidLabelValue``: the list of problems (empty when valid)."""
    errs = []
    if len(value) > 63:
        errs.append("must be no more than 63 characters")
    if not _LABEL_VALUE.fullmatch(value):
        errs.append(_LABEL_VALUE_MSG)
    return errs


def label_selector(labels: Mapping[str, str]) -> str:
    """A Kubernetes equality label selector ``k1=v1,k2=v2`` (keys sorted, as ``labels.Set``)."""
    return ",".join(f"{k}={labels[k]}" for k in sorted(labels))


def check_label_values(labels: Mapping[str, str]) -> None:
    """Raise :class:`StorageError` ``invalid label value: "V": ERRS`` as Helm's Query does."""
    for value in labels.values():
        errs = validate_label_value(value)
        if errs:
            raise StorageError(f"invalid label value: {go_quote(value)}: {'; '.join(errs)}")


# ---------------------------------------------------------------------------
# driver interface
# ---------------------------------------------------------------------------

Filter = Callable[[Release], bool]


class Driver(abc.ABC):
    """The driver contract (Helm ``driver.Driver``: Creator, Updator, Deletor, Queryor)."""

    @abc.abstractmethod
    def name(self) -> str:
        """The driver's name: ``Memory``, ``Secret``, ``ConfigMap`` or ``SQL``."""

    @abc.abstractmethod
    def get(self, key: str) -> Release:
        """The release stored under ``key``; raises :class:`ReleaseNotFoundError`."""

    @abc.abstractmethod
    def list(self, filter: Filter) -> builtins.list[Release]:  # noqa: A002 - Helm's name
        """Every release of the driver's namespace (all namespaces when it is ``""``) passing ``filter``."""

    @abc.abstractmethod
    def query(self, labels: Mapping[str, str]) -> builtins.list[Release]:
        """Releases whose labels match all of ``labels``; raises :class:`ReleaseNotFoundError` when none."""

    @abc.abstractmethod
    def create(self, key: str, rel: Release) -> None:
        """Store a new record; raises :class:`ReleaseExistsError` when ``key`` is taken."""

    @abc.abstractmethod
    def update(self, key: str, rel: Release) -> None:
        """Replace the record under ``key``."""

    @abc.abstractmethod
    def delete(self, key: str) -> Release:
        """Remove and return the record; raises :class:`ReleaseNotFoundError`."""


def new_driver(
    name: str | None,
    *,
    namespace: str = "default",
    kube_client: Any = None,
    sql_connection_string: str | None = None,
) -> Driver:
    """The driver Helm picks for ``HELM_DRIVER`` = ``name`` (``action.Configuration.Init``).

    Args:
        name: ``secret``/``secrets``/``""``/None, ``configmap``/``configmaps``,
            ``memory`` or ``sql``.
        namespace: the namespace records are kept in (``""`` lists every namespace).
        kube_client: a :class:`pyhelm.kube.client.KubeClient` (secret/configmap drivers).
        sql_connection_string: PostgreSQL connection string for ``sql`` (defaults to
            ``HELM_DRIVER_SQL_CONNECTION_STRING``).

    Raises :class:`StorageError` ``unknown driver "NAME"`` for another name.
    """
    import os

    driver = (name or "").strip()
    if driver in ("secret", "secrets", ""):
        from pyhelm.storage.driver.secrets import Secrets

        return Secrets(_need_client(kube_client), namespace)
    if driver in ("configmap", "configmaps"):
        from pyhelm.storage.driver.configmaps import ConfigMaps

        return ConfigMaps(_need_client(kube_client), namespace)
    if driver == "memory":
        from pyhelm.storage.driver.memory import Memory

        mem = Memory()
        mem.set_namespace(namespace)
        return mem
    if driver == "sql":
        from pyhelm.storage.driver.sql import SQL

        conn = sql_connection_string
        if conn is None:
            conn = os.environ.get("HELM_DRIVER_SQL_CONNECTION_STRING", "")
        return SQL(conn, namespace)
    raise StorageError(f"unknown driver {go_quote(driver)}")


def driver_from_env(
    *, namespace: str = "default", kube_client: Any = None, environ: Mapping[str, str] | None = None
) -> Driver:
    """The driver ``HELM_DRIVER`` names, with ``HELM_DRIVER_SQL_CONNECTION_STRING`` for ``sql``.

    Args and errors as :func:`new_driver`; ``environ`` defaults to ``os.environ``.
    """
    import os

    env = os.environ if environ is None else environ
    return new_driver(
        env.get("HELM_DRIVER", ""),
        namespace=namespace,
        kube_client=kube_client,
        sql_connection_string=env.get("HELM_DRIVER_SQL_CONNECTION_STRING", ""),
    )


def _need_client(client: Any) -> Any:
    if client is None:
        raise StorageError("a Kubernetes client is needed for this storage driver")
    return client
