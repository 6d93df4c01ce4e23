"""Release records shared with the reference Helm on the real control plane and PostgreSQL.

Helm (``helm_python``) installs and upgrades a ``helm create`` chart; pyhelm reads the
stored records, re-encodes them byte for byte, and writes records of its own that
Helm's ``list``/``history``/``status``/``get values`` must read back — for the
secret, configmap and sql drivers.
"""

from __future__ import annotations

import base64
import gzip
import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import helm_python as helm
import pytest

from pyhelm.release.codec import decode_release, encode_release, encode_release_json
from pyhelm.release.model import Release, Status, now
from pyhelm.storage import Storage, StorageError, new_driver

pytestmark = pytest.mark.cluster


@pytest.fixture(scope="module")
def demo_chart(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A ``helm create`` chart (made by the reference)."""
    root = tmp_path_factory.mktemp("charts")
    helm.Chart.create("demo", root)
    return str(root / "demo")


def helm_config(kubeconfig: str, namespace: str, driver: str) -> helm.Config:
    return helm.Config(kubeconfig_path=kubeconfig, namespace=namespace, storage_driver=driver)


def stored_payload(kube_client: Any, namespace: str, kind: str, key: str) -> str:
    """The ``release`` data of a Secret/ConfigMap as Helm's driver sees it (Helm's base64 text)."""
    core = kube_client.core_v1()
    if kind == "secret":
        obj = core.read_namespaced_secret(key, namespace)
        return base64.b64decode(obj.data["release"]).decode("ascii")
    return core.read_namespaced_config_map(key, namespace).data["release"]


def helm_json(payload: str) -> bytes:
    """The JSON inside a stored record."""
    return gzip.decompress(base64.b64decode(payload))


def next_revision(prev: Release, description: str, config: dict[str, Any]) -> Release:
    """A new revision built by pyhelm from a decoded one."""
    rel = decode_release(encode_release(prev))
    rel.version = prev.version + 1
    rel.config = config
    rel.info.last_deployed = now()
    rel.set_status(Status.DEPLOYED, description)
    rel.info.notes = description
    rel.labels = {"written-by": "pyhelm"}
    return rel


@pytest.mark.parametrize("kind", ["secret", "configmap"])
def test_kube_records_roundtrip_with_reference(kubeconfig: str, kube_client: Any, kube_namespace: str,
                                               demo_chart: str, kind: str) -> None:
    ns = kube_namespace
    cfg = helm_config(kubeconfig, ns, kind)
    try:
        cfg.install(demo_chart, "demo", {"replicaCount": 2, "podAnnotations": {"note": "a<b&c>"}},
                    labels={"team": "blue"})
        cfg.upgrade(demo_chart, "demo", {"replicaCount": 3})

        # Reading: decode Helm's records and re-encode them byte for byte.
        for version in (1, 2):
            payload = stored_payload(kube_client, ns, kind, f"sh.helm.release.v1.demo.v{version}")
            rel = decode_release(payload)
            assert encode_release_json(rel).encode() == helm_json(payload)
            assert decode_release(encode_release(rel)) == rel
        status = cfg.status("demo")
        storage = Storage(new_driver(kind, namespace=ns, kube_client=kube_client))
        v1, v2 = storage.get("demo", 1), storage.get("demo", 2)
        assert (v1.status, v2.status) == (Status.SUPERSEDED, Status.DEPLOYED)
        assert v1.labels == {"team": "blue"}
        assert v2.config == {"replicaCount": 3.0}
        assert v2.manifest == status["manifest"]
        assert storage.deployed("demo").version == 2

        # Writing: pyhelm supersedes revision 2 and stores revision 3; Helm reads it.
        v2.set_status(Status.SUPERSEDED, "superseded by pyhelm")
        storage.update(v2)
        v3 = next_revision(v2, "written by pyhelm", {"replicaCount": 5.0, "note": "a<b"})
        storage.create(v3)
        hist = cfg.history("demo")
        assert [(h["revision"], h["status"]) for h in hist] == [
            (1, "superseded"), (2, "superseded"), (3, "deployed")]
        got = cfg.status("demo")
        assert (got["revision"], got["status"], got["notes"]) == (3, "deployed", "written by pyhelm")
        assert got["labels"]["written-by"] == "pyhelm"
        assert got["manifest"] == v2.manifest
        assert cfg.get_values("demo") == {"replicaCount": 5, "note": "a<b"}
        listed = cfg.list()
        assert [(r["name"], r["revision"]) for r in listed] == [("demo", 3)]
        # Helm rolls back to a record pyhelm rewrote.
        cfg.rollback("demo", version=2)
        assert cfg.status("demo")["revision"] == 4
        assert storage.last("demo").version == 4
        assert storage.get("demo", 4).config == {"replicaCount": 3.0}
    finally:
        cfg.close()


def test_secret_labels_and_type_match_reference(kubeconfig: str, kube_client: Any, kube_namespace: str,
                                                 demo_chart: str) -> None:
    ns = kube_namespace
    cfg = helm_config(kubeconfig, ns, "secret")
    try:
        cfg.install(demo_chart, "ref", {}, labels={"team": "blue"})
    finally:
        cfg.close()
    storage = Storage(new_driver("secret", namespace=ns, kube_client=kube_client))
    mine = storage.get("ref", 1)
    mine.name = "mine"
    # Helm's install creates the record, then updates it with the final status.
    storage.create(mine)
    storage.update(mine)
    core = kube_client.core_v1()
    theirs = core.read_namespaced_secret("sh.helm.release.v1.ref.v1", ns)
    ours = core.read_namespaced_secret("sh.helm.release.v1.mine.v1", ns)
    assert ours.type == theirs.type == "helm.sh/release.v1"
    assert sorted(ours.data) == sorted(theirs.data) == ["release"]
    want = dict(theirs.metadata.labels, name="mine")
    assert set(ours.metadata.labels) == set(want)
    assert {k: v for k, v in ours.metadata.labels.items() if k != "modifiedAt"} == {
        k: v for k, v in want.items() if k != "modifiedAt"}


def test_uncompressed_record_is_read_by_both(kubeconfig: str, kube_client: Any, kube_namespace: str,
                                             demo_chart: str) -> None:
    """Records without the gzip layer (base64 of plain JSON) are valid, as in Helm's decodeRelease."""
    ns = kube_namespace
    cfg = helm_config(kubeconfig, ns, "secret")
    try:
        cfg.install(demo_chart, "plain", {"replicaCount": 1})
        payload = stored_payload(kube_client, ns, "secret", "sh.helm.release.v1.plain.v1")
        rel = decode_release(payload)
        rel.version = 2
        rel.info.notes = "plain json"
        plain = base64.b64encode(encode_release_json(rel).encode()).decode()
        assert decode_release(plain) == rel
        secret = kube_client.core_v1().read_namespaced_secret("sh.helm.release.v1.plain.v1", ns)
        secret.metadata = {"name": "sh.helm.release.v1.plain.v2",
                           "labels": dict(secret.metadata.labels, version="2")}
        secret.data = {"release": base64.b64encode(plain.encode()).decode()}
        kube_client.core_v1().create_namespaced_secret(ns, secret)
        assert cfg.status("plain")["notes"] == "plain json"
    finally:
        cfg.close()


# ---------------------------------------------------------------------------
# sql
# ---------------------------------------------------------------------------

_REF_SQL = r"""
import json, sys
import helm_python as helm
kubeconfig, namespace, action = sys.argv[1:4]
cfg = helm.Config(kubeconfig_path=kubeconfig, namespace=namespace, storage_driver="sql")
if action == "install":
    cfg.install(sys.argv[4], "demo", {"replicaCount": 2}, labels={"team": "blue"})
    print(json.dumps(cfg.status("demo")))
else:
    print(json.dumps({"history": cfg.history("demo"), "status": cfg.status("demo"),
                      "values": cfg.get_values("demo")}))
"""


def run_reference_sql(url: str, *args: str) -> dict[str, Any]:
    """The reference with ``HELM_DRIVER_SQL_CONNECTION_STRING`` (read once, when its library loads)."""
    import os

    env = dict(os.environ, HELM_DRIVER_SQL_CONNECTION_STRING=url)
    proc = subprocess.run([sys.executable, "-c", _REF_SQL, *args], capture_output=True, text=True,
                          env=env, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture()
def fresh_database(postgres_url: str) -> str:
    """A new empty database on the test server; its connection string."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    base, _, query = postgres_url.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


def test_sql_records_roundtrip_with_reference(kubeconfig: str, kube_namespace: str, fresh_database: str,
                                              demo_chart: str) -> None:
    ns = kube_namespace
    # Helm creates the schema (its migrations) and the first record.
    installed = run_reference_sql(fresh_database, kubeconfig, ns, "install", demo_chart)
    storage = Storage(new_driver("sql", namespace=ns, sql_connection_string=fresh_database))
    v1 = storage.get("demo", 1)
    assert v1.manifest == installed["manifest"]
    assert v1.labels == {"team": "blue"}
    assert [r.version for r in storage.history("demo")] == [1]

    import psycopg

    with psycopg.connect(fresh_database) as conn:
        body = conn.execute("SELECT body FROM releases_v1 WHERE key = 'sh.helm.release.v1.demo.v1'").fetchone()[0]
    assert encode_release_json(decode_release(body)).encode() == helm_json(body)

    # pyhelm writes revision 2; Helm reads it.
    v1.set_status(Status.SUPERSEDED, "superseded by pyhelm")
    storage.update(v1)
    storage.create(next_revision(v1, "written by pyhelm", {"replicaCount": 7.0}))
    seen = run_reference_sql(fresh_database, kubeconfig, ns, "read")
    assert [(h["revision"], h["status"]) for h in seen["history"]] == [
        (1, "superseded"), (2, "deployed")]
    assert seen["status"]["notes"] == "written by pyhelm"
    assert seen["values"] == {"replicaCount": 7}
    storage.driver.close()


def test_sql_schema_made_by_pyhelm_is_used_by_reference(kubeconfig: str, kube_namespace: str,
                                                         fresh_database: str, demo_chart: str) -> None:
    ns = kube_namespace
    storage = Storage(new_driver("sql", namespace=ns, sql_connection_string=fresh_database))
    run_reference_sql(fresh_database, kubeconfig, ns, "install", demo_chart)
    assert storage.deployed("demo").version == 1
    storage.driver.close()


# ---------------------------------------------------------------------------
# charts loaded by pyhelm, encoded as Helm stores them
# ---------------------------------------------------------------------------


def _strip_times(value: Any) -> Any:
    """Drop modification times (the loader's clock precision is not the codec's business)."""
    if isinstance(value, dict):
        return {k: _strip_times(v) for k, v in value.items() if k not in ("modtime", "schemamodtime")}
    if isinstance(value, list):
        return [_strip_times(v) for v in value]
    return value


def _mini_charts(root: Path) -> dict[str, Path]:
    """Charts probing Go's nil-versus-empty fields: no values.yaml, empty values.yaml, schema only."""
    charts = {}
    for name, files in {
        "bare": {"templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"},
        "emptyvalues": {"values.yaml": "", "templates/cm.yaml": "apiVersion: v1\nkind: List\nitems: []\n"},
        "schemaonly": {"values.schema.json": "{}"},
        "full": {"values.yaml": "a: 1\nb: [x, {c: 2.5}]\n", "README.md": "<&>\n",
                 "templates/_h.tpl": "{{ define \"x\" }}{{ end }}", "templates/cm.yaml": "apiVersion: v1\nkind: List\nitems: []\n"},
    }.items():
        d = root / name
        for rel, text in {"Chart.yaml": f"apiVersion: v2\nname: {name}\nversion: 0.1.0\n"
                          "description: d <b>\nkeywords: [k]\nmaintainers: [{name: m, email: e}]\n",
                          **files}.items():
            (d / rel).parent.mkdir(parents=True, exist_ok=True)
            (d / rel).write_text(text)
        charts[name] = d
    return charts


def test_loaded_charts_encode_like_helm(kubeconfig: str, kube_client: Any, kube_namespace: str,
                                        tmp_path: Path, demo_chart: str) -> None:
    from pyhelm.chart.loader import load

    charts = _mini_charts(tmp_path)
    charts["demo"] = Path(demo_chart)
    cfg = helm_config(kubeconfig, kube_namespace, "secret")
    try:
        for name, path in charts.items():
            cfg.install(str(path), name, {})
            payload = stored_payload(kube_client, kube_namespace, "secret", f"sh.helm.release.v1.{name}.v1")
            theirs = json.loads(helm_json(payload))["chart"]
            ours = json.loads(encode_release_json(Release(name=name, chart=load(path))))["chart"]
            assert _strip_times(ours) == _strip_times(theirs), name
    finally:
        cfg.close()


HOOKS_CHART = {
    "Chart.yaml": "apiVersion: v2\nname: hooked\nversion: 1.2.3\nappVersion: \"2\"\nkubeVersion: \">=1.16.0-0\"\n"
                  "annotations: {b: \"2\", a: \"1\"}\nsources: [s1]\nhome: h\nicon: i\ndeprecated: true\n"
                  "dependencies:\n- name: sub\n  version: 0.1.0\n  repository: file://charts/sub\n"
                  "  tags: [t]\n  import-values: [data]\n  alias: subby\n",
    "Chart.lock": "dependencies:\n- name: sub\n  repository: file://charts/sub\n  version: 0.1.0\n"
                  "digest: sha256:0123\ngenerated: \"2024-02-03T04:05:06.789+02:00\"\n",
    "values.yaml": "n: 1\nf: 2.5\nbig: 1e21\ns: \"<tag> & 'q'\"\nu: \"\\u00e9\\u2028\"\nlist: [1, null, true]\n",
    "values.schema.json": '{"type": "object"}',
    "templates/pre.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pre-{{ .Release.Name }}\n"
                          "  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\n"
                          "    helm.sh/hook-weight: \"-5\"\n"
                          "    helm.sh/hook-delete-policy: before-hook-creation\n",
    "templates/post.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: post-{{ .Release.Name }}\n"
                           "  annotations:\n    helm.sh/hook: post-install\n",
    "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: main-{{ .Release.Name }}\n",
    "templates/NOTES.txt": "notes for {{ .Release.Name }} <&>\n",
    "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
    "charts/sub/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sub-{{ .Release.Name }}\n",
}


def test_hooks_lock_and_metadata_records(kubeconfig: str, kube_client: Any, kube_namespace: str,
                                         tmp_path: Path) -> None:
    """Hook runs (times, phase, weights, policies), a lock, full metadata, odd values: byte-equal re-encoding."""
    from pyhelm.release.model import HookDeletePolicy, HookEvent, HookPhase

    root = tmp_path / "hooked"
    for rel_path, text in HOOKS_CHART.items():
        (root / rel_path).parent.mkdir(parents=True, exist_ok=True)
        (root / rel_path).write_text(text)
    cfg = helm_config(kubeconfig, kube_namespace, "secret")
    try:
        cfg.install(str(root), "hooked", {"user": {"x": [1.5, "é"]}})
    finally:
        cfg.close()
    payload = stored_payload(kube_client, kube_namespace, "secret", "sh.helm.release.v1.hooked.v1")
    rel = decode_release(payload)
    assert encode_release_json(rel).encode() == helm_json(payload)
    hooks = {h.name: h for h in rel.hooks or []}
    pre = hooks["pre-hooked"]
    assert pre.events == [HookEvent.PRE_INSTALL, HookEvent.PRE_UPGRADE]
    assert pre.weight == -5 and pre.delete_policies == [HookDeletePolicy.BEFORE_HOOK_CREATION]
    assert pre.last_run.phase == HookPhase.SUCCEEDED
    assert pre.last_run.started_at is not None and pre.last_run.completed_at is not None
    assert rel.chart.lock is not None and rel.chart.lock.digest == "sha256:0123"
    assert rel.info.notes == "notes for hooked <&>\n"


CORRUPT = [
    "!!notbase64",
    "abc",
    "YWJj=",
    "YW=",
    "YWJjZA==x",
    base64.b64encode(b"\x1f\x8b\x08garbage").decode(),
    base64.b64encode(gzip.compress(b'{"name": "x"}')[:-6]).decode(),
    base64.b64encode(b"{not json").decode(),
    base64.b64encode(b'{"name": "bad", "version": 1} x').decode(),
    base64.b64encode(b"").decode(),
]


@pytest.mark.parametrize("kind", ["secret", "configmap"])
def test_corrupt_records_fail_like_reference(kubeconfig: str, kube_client: Any, kube_namespace: str,
                                             kind: str) -> None:
    """Unreadable records: the error for each matches what Helm's driver reports."""
    core = kube_client.core_v1()
    for version, data in enumerate(CORRUPT, start=1):
        meta = {"name": f"sh.helm.release.v1.bad.v{version}",
                "labels": {"name": "bad", "owner": "helm", "status": "deployed", "version": str(version)}}
        if kind == "secret":
            core.create_namespaced_secret(kube_namespace, {
                "metadata": meta, "type": "helm.sh/release.v1",
                "data": {"release": base64.b64encode(data.encode()).decode()}})
        else:
            core.create_namespaced_config_map(kube_namespace, {"metadata": meta, "data": {"release": data}})
    cfg = helm_config(kubeconfig, kube_namespace, kind)
    storage = Storage(new_driver(kind, namespace=kube_namespace, kube_client=kube_client))
    try:
        for version in range(1, len(CORRUPT) + 1):
            with pytest.raises(helm.HelmError) as theirs:
                cfg.status("bad", revision=version)
            with pytest.raises(StorageError) as ours:
                storage.get("bad", version)
            assert str(ours.value) == str(theirs.value), CORRUPT[version - 1]
        # Listing skips what cannot be decoded.
        assert cfg.list(all_states=True) == [] and storage.list_releases() == []
    finally:
        cfg.close()
