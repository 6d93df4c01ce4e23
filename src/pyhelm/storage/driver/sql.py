"""The SQL driver (Helm ``driver.SQL``, ``HELM_DRIVER=sql``): PostgreSQL.

Helm's layout, created by its ``sql-migrate`` migrations (recorded in
``gorp_migrations``, ids ``init`` and ``custom_labels``):

- ``releases_v1(key, type, body, name, namespace, version, status, owner, createdAt,
  modifiedAt)``, primary key ``(key, namespace)``; ``body`` is the encoded record;
- ``custom_labels_v1(releaseKey, releaseNamespace, key, value)``.

Column names are unquoted, so PostgreSQL stores them in lower case, as Helm's do.
Like Helm's driver, a write switches the driver to the release's namespace.
"""

from __future__ import annotations

import builtins
import logging
import time
from collections.abc import Mapping
from typing import Any

from pyhelm.release.codec import DecodeError, decode_release, encode_release
from pyhelm.release.model import Release
from pyhelm.storage.driver import (
    Driver,
    Filter,
    ReleaseExistsError,
    ReleaseNotFoundError,
    StorageError,
    filter_system_labels,
    system_labels,
)

__all__ = ["SQL"]

log = logging.getLogger(__name__)

RELEASE_TABLE = "releases_v1"
LABELS_TABLE = "custom_labels_v1"
DEFAULT_OWNER = "helm"
DEFAULT_TYPE = "helm.sh/release.v1"
DEFAULT_NAMESPACE = "default"
QUERY_LABELS = ("modifiedAt", "createdAt", "version", "status", "owner", "name")

_MIGRATIONS: builtins.list[tuple[str, str]] = [
    (
        "init",
        f"""
        CREATE TABLE {RELEASE_TABLE} (
            key VARCHAR(90),
            type VARCHAR(64) NOT NULL,
            body TEXT NOT NULL,
            name VARCHAR(64) NOT NULL,
            namespace VARCHAR(64) NOT NULL,
            version INTEGER NOT NULL,
            status TEXT NOT NULL,
            owner TEXT NOT NULL,
            createdAt INTEGER NOT NULL,
            modifiedAt INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY(key, namespace)
        );
        CREATE INDEX ON {RELEASE_TABLE} (key, namespace);
        CREATE INDEX ON {RELEASE_TABLE} (version);
        CREATE INDEX ON {RELEASE_TABLE} (status);
        CREATE INDEX ON {RELEASE_TABLE} (owner);
        CREATE INDEX ON {RELEASE_TABLE} (createdAt);
        CREATE INDEX ON {RELEASE_TABLE} (modifiedAt);
        GRANT ALL ON {RELEASE_TABLE} TO PUBLIC;
        ALTER TABLE {RELEASE_TABLE} ENABLE ROW LEVEL SECURITY;
        """,
    ),
    (
        "custom_labels",
        f"""
        CREATE TABLE {LABELS_TABLE} (
            releaseKey VARCHAR(64),
            releaseNamespace VARCHAR(67),
            key VARCHAR({253 + 1 + 63}),
            value VARCHAR(63)
        );
        CREATE INDEX ON {LABELS_TABLE} (releaseKey, releaseNamespace);
        GRANT ALL ON {LABELS_TABLE} TO PUBLIC;
        ALTER TABLE {LABELS_TABLE} ENABLE ROW LEVEL SECURITY;
        """,
    ),
]


class SQL(Driver):
    """Release records in a PostgreSQL database (Helm ``driver.NewSQL``).

    ``connection_string`` is a libpq/lib-pq connection string or URL
    (``HELM_DRIVER_SQL_CONNECTION_STRING``); ``namespace`` as for the other drivers.
    Connecting applies Helm's migrations when they are missing. Raises
    :class:`StorageError` when the database cannot be reached or migrated.
    """

    def __init__(self, connection_string: str, namespace: str = DEFAULT_NAMESPACE) -> None:
        import psycopg

        try:
            self._conn = psycopg.connect(connection_string, autocommit=False)
        except psycopg.Error as err:
            raise StorageError(str(err).strip()) from err
        self.namespace = namespace
        self._ensure_db_setup()

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    def name(self) -> str:
        """``SQL``."""
        return "SQL"

    # -- schema -------------------------------------------------------------

    def _applied_migrations(self) -> set[str] | None:
        import psycopg

        try:
            with self._conn.transaction():
                rows = self._conn.execute("SELECT id, applied_at FROM gorp_migrations ORDER BY id").fetchall()
        except psycopg.Error:
            return None
        return {r[0] for r in rows}

    def _ensure_db_setup(self) -> None:
        """Apply Helm's migrations not yet recorded in ``gorp_migrations`` (sql-migrate's table)."""
        import psycopg

        applied = self._applied_migrations() or set()
        if all(mid in applied for mid, _ in _MIGRATIONS):
            return
        try:
            with self._conn.transaction():
                self._conn.execute(
                    'CREATE TABLE IF NOT EXISTS "gorp_migrations" '
                    '("id" text not null primary key, "applied_at" timestamp with time zone)'
                )
            for mid, up in _MIGRATIONS:
                if mid in applied:
                    continue
                with self._conn.transaction():
                    self._conn.execute(up)
                    self._conn.execute(
                        'INSERT INTO "gorp_migrations" ("id", "applied_at") VALUES (%s, now())', (mid,)
                    )
        except psycopg.Error as err:
            raise StorageError(str(err).strip()) from err

    # -- helpers ------------------------------------------------------------

    def _fetch(self, sql: str, args: tuple[Any, ...] | list[Any] = ()) -> builtins.list[tuple[Any, ...]]:
        import psycopg

        try:
            with self._conn.transaction():
                return self._conn.execute(sql, args).fetchall()
        except psycopg.Error as err:
            raise StorageError(str(err).strip()) from err

    def _custom_labels(self, key: str) -> dict[str, str]:
        # Helm looks labels up in the driver's current namespace, not the record's.
        rows = self._fetch(
            f"SELECT key, value FROM {LABELS_TABLE} WHERE releaseKey = %s AND releaseNamespace = %s",
            (key, self.namespace),
        )
        return filter_system_labels({k: v for k, v in rows})

    # -- Driver -------------------------------------------------------------

    def get(self, key: str) -> Release:
        """The release stored under ``key`` in the current namespace; raises :class:`ReleaseNotFoundError`."""
        rows = self._fetch(
            f"SELECT body FROM {RELEASE_TABLE} WHERE key = %s AND namespace = %s", (key, self.namespace)
        )
        if not rows:
            raise ReleaseNotFoundError()
        try:
            rel = decode_release(rows[0][0])
        except DecodeError as err:
            raise StorageError(str(err)) from err
        rel.labels = self._custom_labels(key)
        return rel

    def list(self, filter: Filter) -> builtins.list[Release]:  # noqa: A002 - Helm's name
        """Releases owned by Helm (in the namespace, or all when ``""``) passing ``filter``."""
        sql = f"SELECT key, namespace, body FROM {RELEASE_TABLE} WHERE owner = %s"
        args: builtins.list[Any] = [DEFAULT_OWNER]
        if self.namespace:
            sql += " AND namespace = %s"
            args.append(self.namespace)
        found = []
        for key, _ns, body in self._fetch(sql, args):
            try:
                rel = decode_release(body)
            except DecodeError as err:
                log.debug("failed to decode release %s: %s", key, err)
                continue
            rel.labels = {**self._custom_labels(key), **system_labels(rel)}
            if filter(rel):
                found.append(rel)
        return found

    def query(self, labels: Mapping[str, str]) -> builtins.list[Release]:
        """Releases whose columns match ``labels`` (keys among name/owner/status/version/createdAt/modifiedAt).

        Raises :class:`StorageError` ``unknown label KEY`` for another key and
        :class:`ReleaseNotFoundError` when nothing matches.
        """
        clauses, args = [], []
        for key in sorted(labels):
            if key not in QUERY_LABELS:
                raise StorageError(f"unknown label {key}")
            clauses.append(f"{key} = %s")
            args.append(str(labels[key]))
        if self.namespace:
            clauses.append("namespace = %s")
            args.append(self.namespace)
        sql = f"SELECT key, namespace, body FROM {RELEASE_TABLE}"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        rows = self._fetch(sql, args)
        found = []
        for key, _ns, body in rows:
            try:
                rel = decode_release(body)
            except DecodeError as err:
                log.debug("failed to decode release %s: %s", key, err)
                continue
            rel.labels = self._custom_labels(key)
            found.append(rel)
        if not found:
            raise ReleaseNotFoundError()
        return found

    def create(self, key: str, rel: Release) -> None:
        """Insert a record and its custom labels; raises :class:`ReleaseExistsError` for a duplicate key."""
        import psycopg

        namespace = rel.namespace or DEFAULT_NAMESPACE
        self.namespace = namespace
        body = encode_release(rel)
        try:
            with self._conn.transaction():
                self._conn.execute(
                    f"INSERT INTO {RELEASE_TABLE} (key, type, body, name, namespace, version, status, "
                    "owner, createdAt) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    (key, DEFAULT_TYPE, body, rel.name, namespace, int(rel.version),
                     str(rel.info.status) if rel.info else "", DEFAULT_OWNER, int(time.time())),
                )
                for k, v in filter_system_labels(rel.labels).items():
                    self._conn.execute(
                        f"INSERT INTO {LABELS_TABLE} (releaseKey, releaseNamespace, key, value) "
                        "VALUES (%s, %s, %s, %s)",
                        (key, namespace, k, v),
                    )
        except psycopg.errors.UniqueViolation as err:
            raise ReleaseExistsError() from err
        except psycopg.Error as err:
            raise StorageError(str(err).strip()) from err

    def update(self, key: str, rel: Release) -> None:
        """Rewrite a record's body and columns (no error when the key is absent, as Helm)."""
        import psycopg

        namespace = rel.namespace or DEFAULT_NAMESPACE
        self.namespace = namespace
        body = encode_release(rel)
        try:
            with self._conn.transaction():
                self._conn.execute(
                    f"UPDATE {RELEASE_TABLE} SET body = %s, name = %s, version = %s, status = %s, "
                    "owner = %s, modifiedAt = %s WHERE key = %s AND namespace = %s",
                    (body, rel.name, int(rel.version), str(rel.info.status) if rel.info else "",
                     DEFAULT_OWNER, int(time.time()), key, namespace),
                )
        except psycopg.Error as err:
            raise StorageError(str(err).strip()) from err

    def delete(self, key: str) -> Release:
        """Delete a record of the current namespace with its labels; raises :class:`ReleaseNotFoundError`."""
        import psycopg

        try:
            with self._conn.transaction():
                row = self._conn.execute(
                    f"SELECT body FROM {RELEASE_TABLE} WHERE key = %s AND namespace = %s",
                    (key, self.namespace),
                ).fetchone()
                if row is None:
                    raise ReleaseNotFoundError()
                rel = decode_release(row[0])
                self._conn.execute(
                    f"DELETE FROM {RELEASE_TABLE} WHERE key = %s AND namespace = %s", (key, self.namespace)
                )
                rows = self._conn.execute(
                    f"SELECT key, value FROM {LABELS_TABLE} WHERE releaseKey = %s AND releaseNamespace = %s",
                    (key, self.namespace),
                ).fetchall()
                rel.labels = filter_system_labels({k: v for k, v in rows})
                self._conn.execute(
                    f"DELETE FROM {LABELS_TABLE} WHERE releaseKey = %s AND releaseNamespace = %s",
                    (key, self.namespace),
                )
        except DecodeError as err:
            raise StorageError(str(err)) from err
        except psycopg.Error as err:
            raise StorageError(str(err).strip()) from err
        return rel
