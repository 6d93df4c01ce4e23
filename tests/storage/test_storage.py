"""One Storage test-suite for every driver: memory, secret, configmap (real API server), sql (real PostgreSQL).

The expected behaviour is Helm's ``storage.Storage`` over its drivers: keys
``sh.helm.release.v1.<name>.v<N>``, errors ``release: not found`` /
``release: already exists`` / ``"NAME" has no deployed releases``, history pruning
that spares the last deployed revision, custom labels kept beside the record.
Interoperability with the reference Helm is checked in tests/release.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pyhelm.chart.model import Chart, File, Metadata
from pyhelm.release.model import Info, Release, Status, now
from pyhelm.storage import (
    NoDeployedReleasesError,
    ReleaseExistsError,
    ReleaseNotFoundError,
    Storage,
    StorageError,
    make_key,
    new_driver,
)

DRIVERS = [
    "memory",
    pytest.param("secret", marks=pytest.mark.cluster),
    pytest.param("configmap", marks=pytest.mark.cluster),
    "sql",
]


@pytest.fixture(params=DRIVERS)
def make_storage(request: pytest.FixtureRequest) -> Iterator[Callable[..., Storage]]:
    """A factory of Storage objects over a fresh namespace of the driver under test."""
    kind = request.param
    namespace = f"t-{uuid.uuid4().hex[:10]}"
    opened: list[Any] = []
    if kind in ("secret", "configmap"):
        client = request.getfixturevalue("kube_client")
        core = client.core_v1()
        core.create_namespace({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}})

        def factory(max_history: int = 0, ns: str = namespace) -> Storage:
            return Storage(new_driver(kind, namespace=ns, kube_client=client), max_history)
    elif kind == "sql":
        url = request.getfixturevalue("postgres_url")

        def factory(max_history: int = 0, ns: str = namespace) -> Storage:
            drv = new_driver("sql", namespace=ns, sql_connection_string=url)
            opened.append(drv)
            return Storage(drv, max_history)
    else:
        memory = new_driver("memory", namespace=namespace)

        def factory(max_history: int = 0, ns: str = namespace) -> Storage:
            memory.set_namespace(ns)
            return Storage(memory, max_history)

    factory.namespace = namespace  # type: ignore[attr-defined]
    yield factory
    for drv in opened:
        drv.close()
    if kind in ("secret", "configmap"):
        try:
            core.delete_namespace(namespace)
        except Exception:  # noqa: BLE001 - cleanup only
            pass


def rel(name: str, version: int, status: Status, namespace: str, **kw: Any) -> Release:
    """A small but complete release revision."""
    chart = Chart(
        metadata=Metadata(name="demo", version="0.1.0", api_version="v2", app_version="1.0"),
        templates=[File("templates/cm.yaml", b"kind: ConfigMap\n")],
        values={"replicas": 1.0, "image": {"tag": "x"}},
    )
    return Release(
        name=name,
        namespace=namespace,
        version=version,
        info=Info(first_deployed=now(), last_deployed=now(), status=status, description="d"),
        chart=chart,
        config={"a": 1.0},
        manifest=f"---\n# v{version}\nkind: ConfigMap\n",
        **kw,
    )


def test_create_get_roundtrip(make_storage: Callable[..., Storage]) -> None:
    st = make_storage()
    ns = make_storage.namespace  # type: ignore[attr-defined]
    original = rel("app", 1, Status.DEPLOYED, ns)
    st.create(original)
    got = st.get("app", 1)
    assert (got.name, got.version, got.namespace) == ("app", 1, ns)
    assert got.status == Status.DEPLOYED
    assert got.manifest == original.manifest
    assert got.config == {"a": 1.0}
    assert got.chart is not None and got.chart.metadata.name == "demo"
    assert got.chart.templates[0].data == b"kind: ConfigMap\n"
    assert got.info is not None and got.info.last_deployed == original.info.last_deployed
    assert got.labels == {}


def test_errors_are_worded_as_helm(make_storage: Callable[..., Storage]) -> None:
    st = make_storage()
    ns = make_storage.namespace  # type: ignore[attr-defined]
    st.create(rel("app", 1, Status.DEPLOYED, ns))
    with pytest.raises(ReleaseExistsError, match=r"^release: already exists$"):
        st.create(rel("app", 1, Status.DEPLOYED, ns))
    with pytest.raises(ReleaseNotFoundError, match=r"^release: not found$"):
        st.get("app", 9)
    with pytest.raises(ReleaseNotFoundError, match=r"^release: not found$"):
        st.history("nothing-here")
    with pytest.raises(ReleaseNotFoundError):
        st.delete("app", 9)
    with pytest.raises(NoDeployedReleasesError, match=r'^"nothing-here" has no deployed releases$'):
        st.deployed("nothing-here")


def test_update_and_delete(make_storage: Callable[..., Storage]) -> None:
    st = make_storage()
    ns = make_storage.namespace  # type: ignore[attr-defined]
    r1 = rel("app", 1, Status.PENDING_INSTALL, ns)
    st.create(r1)
    r1.set_status(Status.DEPLOYED, "Install complete")
    st.update(r1)
    got = st.get("app", 1)
    assert got.status == Status.DEPLOYED and got.info.description == "Install complete"
    assert [r.version for r in st.deployed_all("app")] == [1]
    removed = st.delete("app", 1)
    assert removed.version == 1 and removed.status == Status.DEPLOYED
    with pytest.raises(ReleaseNotFoundError):
        st.get("app", 1)


def test_history_last_deployed_and_lists(make_storage: Callable[..., Storage]) -> None:
    st = make_storage()
    ns = make_storage.namespace  # type: ignore[attr-defined]
    st.create(rel("app", 1, Status.SUPERSEDED, ns))
    st.create(rel("app", 2, Status.DEPLOYED, ns))
    st.create(rel("app", 3, Status.FAILED, ns))
    st.create(rel("other", 1, Status.UNINSTALLED, ns))
    assert sorted(r.version for r in st.history("app")) == [1, 2, 3]
    assert st.last("app").version == 3
    assert st.deployed("app").version == 2
    assert sorted((r.name, r.version) for r in st.list_releases()) == [
        ("app", 1), ("app", 2), ("app", 3), ("other", 1)
    ]
    assert [(r.name, r.version) for r in st.list_deployed()] == [("app", 2)]
    assert [(r.name, r.version) for r in st.list_uninstalled()] == [("other", 1)]
    with pytest.raises(NoDeployedReleasesError):
        st.deployed("other")
    labels = st.list_releases()[0].labels or {}
    if st.driver.name() == "Memory":
        # Helm's memory driver hands back the stored release with its own labels only
        # (Helm's get-metadata golden files show it); the Kubernetes drivers return the
        # object's labels, system ones included.
        assert "owner" not in labels
    else:
        assert labels.get("owner") == "helm"


def test_deployed_takes_latest_of_several(make_storage: Callable[..., Storage]) -> None:
    st = make_storage()
    ns = make_storage.namespace  # type: ignore[attr-defined]
    for v in (1, 2, 3):
        st.create(rel("app", v, Status.DEPLOYED, ns))
    assert st.deployed("app").version == 3
    assert sorted(r.version for r in st.deployed_all("app")) == [1, 2, 3]


def test_max_history_prunes_but_keeps_last_deployed(make_storage: Callable[..., Storage]) -> None:
    st = make_storage(max_history=2)
    ns = make_storage.namespace  # type: ignore[attr-defined]
    st.create(rel("app", 1, Status.SUPERSEDED, ns))
    st.create(rel("app", 2, Status.DEPLOYED, ns))
    st.create(rel("app", 3, Status.FAILED, ns))
    # Room for one more with max 2: revision 1 goes, the deployed revision 2 stays.
    assert sorted(r.version for r in st.history("app")) == [2, 3]
    st.create(rel("app", 4, Status.FAILED, ns))
    assert sorted(r.version for r in st.history("app")) == [2, 4]


def test_custom_labels(make_storage: Callable[..., Storage]) -> None:
    st = make_storage()
    ns = make_storage.namespace  # type: ignore[attr-defined]
    st.create(rel("app", 1, Status.DEPLOYED, ns, labels={"team": "blue", "tier": "web"}))
    assert st.get("app", 1).labels == {"team": "blue", "tier": "web"}
    # Custom labels never override the system ones.
    st.create(rel("app", 2, Status.FAILED, ns, labels={"team": "red", "status": "bogus"}))
    got = st.get("app", 2)
    assert got.labels == {"team": "red"}
    assert [r.version for r in st.query({"name": "app", "owner": "helm", "status": "failed"})] == [2]
    assert [r.version for r in st.query({"name": "app", "version": "2"})] == [2]


def test_make_key() -> None:
    assert make_key("web", 12) == "sh.helm.release.v1.web.v12"


def test_unknown_driver_name() -> None:
    with pytest.raises(StorageError, match=r'^unknown driver "nosuch"$'):
        new_driver("nosuch")


def test_empty_namespace_lists_every_namespace(make_storage: Callable[..., Storage]) -> None:
    """``helm list --all-namespaces``: a driver for namespace "" lists and queries them all."""
    ns = make_storage.namespace  # type: ignore[attr-defined]
    name = f"r{uuid.uuid4().hex[:8]}"
    make_storage().create(rel(name, 1, Status.DEPLOYED, ns))
    every = make_storage(ns="")
    mine = [(r.name, r.namespace) for r in every.list_releases() if r.name == name]
    assert mine == [(name, ns)]
    assert [r.namespace for r in every.history(name)] == [ns]
    with pytest.raises(ReleaseNotFoundError):
        make_storage(ns="elsewhere").history(name)


def test_driver_from_env() -> None:
    from pyhelm.storage import driver_from_env

    assert driver_from_env(environ={"HELM_DRIVER": "memory"}).name() == "Memory"
    with pytest.raises(StorageError, match="^unknown driver \"bogus\"$"):
        driver_from_env(environ={"HELM_DRIVER": "bogus"})


def test_memory_driver_data(tmp_path: Any) -> None:
    """HELM_MEMORY_DRIVER_DATA files preload the memory driver (records in Helm's JSON field names)."""
    from pyhelm.storage.driver.memory import Memory, load_memory_driver_data

    data = tmp_path / "releases.yaml"
    data.write_text(
        "- name: web\n  namespace: team\n  version: 2\n"
        "  info: {status: deployed, last_deployed: '2024-01-02T03:04:05.5Z'}\n"
        "  chart: {metadata: {name: web, version: 1.0.0, apiVersion: v2}}\n"
        "  config: {replicas: 3}\n"
        "- name: web\n  namespace: team\n  version: 1\n  info: {status: superseded}\n"
    )
    mem = Memory()
    load_memory_driver_data(mem, [str(data)], "team")
    st = Storage(mem)
    got = st.deployed("web")
    assert (got.version, got.config, got.chart.metadata.version) == (2, {"replicas": 3.0}, "1.0.0")
    assert got.info.last_deployed.isoformat() == "2024-01-02T03:04:05.500000+00:00"
    assert sorted(r.version for r in st.history("web")) == [1, 2]
    with pytest.raises(StorageError, match="^Unable to read memory driver data: "):
        load_memory_driver_data(mem, [str(tmp_path / "missing.yaml")], "team")
