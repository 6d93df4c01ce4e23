"""``list``/``status``/``history``/``get`` on releases the reference Helm installed on the real control plane.

The reference (``helm_python``, secret driver) installs, upgrades, uninstalls with
``--keep-history`` and fails releases in a fresh namespace; pyhelm's CLI reads the
same Secrets and must report what the reference's ``list()``, ``status()``,
``history()``, ``get_values()``, ``get_metadata()`` and ``get_all()`` return.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import uuid
from pathlib import Path
from typing import Any

import helm_python as helm
import pytest
from oracle import write_chart

from pyhelm.cli.main import main

pytestmark = pytest.mark.cluster

TEMPLATES = {
    "cm.yaml": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\n"
        "data:\n  greeting: {{ .Values.greeting | quote }}\n  nested: {{ .Values.nested.x | quote }}\n"
    ),
    "hook.yaml": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-hook\n"
        "  annotations:\n    helm.sh/hook: post-install,post-upgrade\n"
        "    helm.sh/hook-delete-policy: before-hook-creation\ndata:\n  a: b\n"
    ),
    "web.yaml": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\nspec:\n"
        "  replicas: 1\n  selector:\n    matchLabels:\n      app: {{ .Release.Name }}-web\n  template:\n"
        "    metadata:\n      labels:\n        app: {{ .Release.Name }}-web\n    spec:\n"
        "      containers:\n      - name: web\n        image: example.invalid/web:1\n"
    ),
    "NOTES.txt": "Thanks for installing {{ .Release.Name }} <&> rev {{ .Release.Revision }}\n",
}
VALUES = "greeting: hello\nnested:\n  x: 1\n  y: [1, 2]\nempty: {}\n"
CHART_YAML = (
    "apiVersion: v2\nname: readchart\nversion: 1.2.3\nappVersion: '4.5'\n"
    "annotations:\n  team: storage\n  tier: backend\n"
)
BROKEN = {"bad.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_Valid\ndata:\n  a: b\n"}


class Env:
    """The namespace the reference filled and how to run pyhelm against it."""

    def __init__(self, kubeconfig: str, namespace: str, ref: helm.Config, other: str) -> None:
        self.kubeconfig = kubeconfig
        self.namespace = namespace
        self.ref = ref
        self.other = other

    def run(self, *argv: str) -> tuple[int, str, str]:
        """Run pyhelm's CLI in process against the namespace; (exit code, stdout, stderr)."""
        out, err = io.StringIO(), io.StringIO()
        full = [*argv, "--kubeconfig", self.kubeconfig, "-n", self.namespace]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(full)
        return code, out.getvalue(), err.getvalue()

    def json(self, *argv: str) -> Any:
        code, out, err = self.run(*argv, "-o", "json")
        assert code == 0, err
        return json.loads(out)


@pytest.fixture(scope="module")
def env(kubeconfig: str, kube_client: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A namespace with releases made by the reference: two revisions (labels), uninstalled, failed."""
    namespace = f"t-read-{uuid.uuid4().hex[:8]}"
    other = f"{namespace}-b"
    core = kube_client.core_v1()
    for ns in (namespace, other):
        core.create_namespace({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
    root = tmp_path_factory.mktemp("charts")
    chart = write_chart(root, TEMPLATES, VALUES, name="readchart", chart_yaml=CHART_YAML)
    broken = write_chart(root, BROKEN, "", name="broken")
    ref = helm.Config(kubeconfig_path=kubeconfig, namespace=namespace, storage_driver="secret")
    ref.install(str(chart), "alpha", {"greeting": "hi <there>"}, labels={"team": "blue"})
    ref.upgrade(str(chart), "alpha", {"greeting": "bye", "nested": {"y": None}}, description="second go")
    ref.install(str(chart), "beta")
    ref.uninstall("beta", keep_history=True)
    with pytest.raises(helm.HelmError):
        ref.install(str(broken), "gamma")
    helm.Config(kubeconfig_path=kubeconfig, namespace=other, storage_driver="secret").install(str(chart), "delta")
    try:
        yield Env(kubeconfig, namespace, ref, other)
    finally:
        for ns in (namespace, other):
            with contextlib.suppress(Exception):
                core.delete_namespace(ns)


@pytest.fixture(autouse=True)
def _secret_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HELM_DRIVER", "HELM_NAMESPACE", "HELM_MEMORY_DRIVER_DATA"):
        monkeypatch.delenv(name, raising=False)


def _seconds(text: str) -> int:
    return int(dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def _go_string_seconds(text: str) -> int:
    """Seconds of Go's ``Time.String()`` text (``2006-01-02 15:04:05.999 -0700 MST``)."""
    date, clock, offset = text.split(" ")[:3]
    stamp = dt.datetime.fromisoformat(f"{date}T{clock.split('.')[0]}{offset[:3]}:{offset[3:]}")
    return int(stamp.timestamp())


def test_list_matches_reference(env: Env) -> None:
    ref = {r["name"]: r for r in env.ref.list(all_states=True)}
    ours = {r["name"]: r for r in env.json("list", "--all")}
    assert set(ours) == set(ref)
    for name, want in ref.items():
        got = ours[name]
        assert got["namespace"] == want["namespace"]
        assert got["revision"] == str(want["revision"])
        assert got["status"] == want["status"]
        assert got["chart"] == f"{want['chart_name']}-{want['chart_version']}"
        assert got["app_version"] == want.get("app_version", "")
        assert _go_string_seconds(got["updated"]) == _seconds(want["deployed_at"])


def test_list_default_states_and_filters(env: Env) -> None:
    ref_default = sorted(r["name"] for r in env.ref.list())
    assert [r["name"] for r in env.json("list")] == ref_default
    ref_filtered = sorted(r["name"] for r in env.ref.list(all_states=True, name_filter="^(al|ga)"))
    assert [r["name"] for r in env.json("list", "--filter", "^(al|ga)")] == ref_filtered
    states = {r["name"]: r["status"] for r in env.ref.list(all_states=True)}
    for flag, status in (("--deployed", "deployed"), ("--uninstalled", "uninstalled"), ("--failed", "failed")):
        want = sorted(n for n, s in states.items() if s == status)
        assert [r["name"] for r in env.json("list", flag)] == want, flag
    assert [r["name"] for r in env.json("list", "-l", "team=blue")] == ["alpha"]
    assert [r["name"] for r in env.json("list", "--max", "1", "--offset", "1")] == sorted(states)[1:2]


def test_list_table_and_short(env: Env) -> None:
    code, out, err = env.run("list", "-q")
    assert code == 0, err
    assert out.split() == sorted(r["name"] for r in env.ref.list())
    code, out, _ = env.run("list")
    lines = out.splitlines()
    assert lines[0].split("\t")[0].rstrip() == "NAME"
    assert [line.split("\t")[0].rstrip() for line in lines[1:]] == sorted(r["name"] for r in env.ref.list())


def test_status_matches_reference(env: Env) -> None:
    for name in ("alpha", "beta", "gamma"):
        want = env.ref.status(name)
        got = env.json("status", name)
        assert got["name"] == want["name"]
        assert got["namespace"] == want["namespace"]
        assert got["version"] == want["revision"]
        assert got["info"]["status"] == want["status"]
        assert got["info"].get("notes", "") == want.get("notes", "")
        assert got.get("manifest", "") == want.get("manifest", "")
        assert "chart" not in got
    first = env.ref.status("alpha", revision=1)
    assert env.json("status", "alpha", "--revision", "1")["info"]["status"] == first["status"]


def test_status_table(env: Env) -> None:
    info = env.ref.get_all("alpha")["info"]
    code, out, err = env.run("status", "alpha")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "NAME: alpha"
    deployed = dt.datetime.fromisoformat(info["last_deployed"][:19] + "+00:00").astimezone()
    assert lines[1] == "LAST DEPLOYED: " + deployed.strftime("%a %b %e %H:%M:%S %Y")
    assert f"NAMESPACE: {env.namespace}" in lines
    assert f"STATUS: {info['status']}" in lines
    assert f"DESCRIPTION: {info['description']}" in lines
    assert out.endswith("NOTES:\n" + info["notes"].strip() + "\n")


def test_history_matches_reference(env: Env) -> None:
    for name in ("alpha", "beta"):
        want = env.ref.history(name)
        got = env.json("history", name)
        assert [h["revision"] for h in got] == [h["revision"] for h in want]
        assert [h["status"] for h in got] == [h["status"] for h in want]
        assert [h["chart"] for h in got] == [f"{h['chart_name']}-{h['chart_version']}" for h in want]
        assert [_seconds(h["updated"]) for h in got] == [_seconds(h["deployed_at"]) for h in want]
    limited = env.json("history", "alpha", "--max", "1")
    assert [h["revision"] for h in limited] == [h["revision"] for h in env.ref.history("alpha", max_revisions=1)]
    assert env.json("history", "alpha")[-1]["description"] == env.ref.get_all("alpha")["info"]["description"]


def test_get_values_matches_reference(env: Env) -> None:
    for name in ("alpha", "beta"):
        assert env.json("get", "values", name) == env.ref.get_values(name)
        assert env.json("get", "values", name, "--all") == env.ref.get_values(name, all_values=True)
        assert env.json("get", "values", name, "--revision", "1") == env.ref.get_values(name, revision=1)


def test_get_metadata_matches_reference(env: Env) -> None:
    for name in ("alpha", "beta"):
        assert env.json("get", "metadata", name) == env.ref.get_metadata(name)
    assert env.json("get", "metadata", "alpha", "--revision", "1") == env.ref.get_metadata("alpha", revision=1)


def test_get_all_manifest_notes_hooks(env: Env) -> None:
    want = env.ref.get_all("alpha")
    code, out, err = env.run("get", "manifest", "alpha")
    assert code == 0, err
    assert out == want["summary"]["manifest"] + "\n"
    code, out, _ = env.run("get", "notes", "alpha")
    assert out == f"NOTES:\n{want['info']['notes']}\n"
    code, out, _ = env.run("get", "hooks", "alpha")
    assert [h["path"] for h in want["hooks"]] == [line[len("# Source: "):] for line in out.splitlines()
                                                  if line.startswith("# Source: ")]
    for hook in want["hooks"]:
        assert hook["manifest"] in out
    template = "{{ .Release.Info.Description }}|{{ .Release.Config.greeting }}|{{ len .Release.Hooks }}"
    code, out, _ = env.run("get", "all", "alpha", "--template", template)
    assert out == f"{want['info']['description']}|{want['config']['greeting']}|{len(want['hooks'])}"
    code, out, _ = env.run("get", "all", "alpha")
    assert f"DESCRIPTION: {want['info']['description']}\n" in out
    assert "USER-SUPPLIED VALUES:\n" in out and "COMPUTED VALUES:\n" in out
    assert "MANIFEST:\n" + want["summary"]["manifest"] in out


def test_errors_match_reference(env: Env) -> None:
    for argv, call in (
        (("status", "nosuch"), lambda: env.ref.status("nosuch")),
        (("history", "nosuch"), lambda: env.ref.history("nosuch")),
        (("get", "values", "nosuch"), lambda: env.ref.get_values("nosuch")),
        (("get", "values", "alpha", "--revision", "9"), lambda: env.ref.get_values("alpha", revision=9)),
        (("status", "Bad_Name"), lambda: env.ref.status("Bad_Name")),
    ):
        with pytest.raises(helm.HelmError) as info:
            call()
        code, out, err = env.run(*argv)
        assert code == 1
        assert out == ""
        assert err == f"Error: {info.value}\n", argv


def test_unreachable_cluster(env: Env, tmp_path: Path) -> None:
    config = tmp_path / "kubeconfig"
    config.write_text(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:1\n"
        "contexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user: {}\n"
    )
    ref = helm.Config(kubeconfig_path=str(config), namespace="default", storage_driver="secret")
    with pytest.raises(helm.HelmError) as info:
        ref.list()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["list", "--kubeconfig", str(config)])
    assert code == 1
    assert err.getvalue() == f"Error: {info.value}\n"


def test_status_resources(env: Env) -> None:
    """Live objects of the release's manifest: a kubectl table per kind, full objects in JSON."""
    code, out, err = env.run("status", "alpha")
    assert code == 0, err
    block = out.split("RESOURCES:\n", 1)[1].split("TEST SUITE:", 1)[0]
    sections = {part.split("\n", 1)[0]: part.split("\n", 1)[1] for part in block.split("==> ")[1:]}
    assert {"v1/ConfigMap", "v1/Deployment", "v1/Pod(related)"} == set(sections)
    lines = sections["v1/ConfigMap"].splitlines()
    assert lines[0].split() == ["NAME", "DATA", "AGE"]
    assert lines[1].split()[:2] == ["alpha-cm", "2"]
    assert lines[0].index("DATA") == lines[1].index("2") == len("alpha-cm") + 3
    deploy = sections["v1/Deployment"].splitlines()
    assert deploy[0].split() == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]
    assert deploy[1].startswith("alpha-web   ")
    manifest = env.ref.status("alpha")["manifest"]
    got = env.json("status", "alpha")["info"]["resources"]
    assert {"v1/ConfigMap", "v1/Deployment"} <= set(got) <= {"v1/ConfigMap", "v1/Deployment", "v1/Pod(related)"}
    assert [o["metadata"]["name"] for o in got["v1/ConfigMap"]] == ["alpha-cm"]
    assert got["v1/ConfigMap"][0]["data"]["greeting"] in manifest
    for pod in got.get("v1/Pod(related)", []):
        assert pod["kind"] == "Pod" and pod["metadata"]["labels"]["app"] == "alpha-web"


def test_list_all_namespaces(env: Env) -> None:
    mine = {env.namespace, env.other}
    want = [(r["namespace"], r["name"]) for r in env.ref.list(all_states=True, all_namespaces=True)
            if r["namespace"] in mine]
    got = [(r["namespace"], r["name"]) for r in env.json("list", "-A", "--all") if r["namespace"] in mine]
    assert sorted(got) == sorted(want)
    assert ("" if not got else got[0][1]) == sorted(n for _, n in want)[0]
    assert {(r["namespace"], r["name"]) for r in env.json("list")} <= {(env.namespace, n) for _, n in want}


@pytest.mark.parametrize("pattern", ["[", "a(", "a)", "*", "a**", "x+*", "\\q", "(?=x)", "(?<!x)", "\\1", "ab[c"])
def test_bad_filter_matches_reference(env: Env, pattern: str) -> None:
    """Go's regexp/syntax words (the SDK adds ``invalid filter regex: `` before Helm's error)."""
    with pytest.raises(helm.HelmError) as info:
        env.ref.list(name_filter=pattern)
    want = str(info.value).removeprefix("invalid filter regex: ")
    code, out, err = env.run("list", "--filter", pattern)
    assert (code, out) == (1, "")
    assert err == f"Error: {want}\n"


_REF_SQL = r"""
import json, sys
import helm_python as helm
kubeconfig, namespace, chart = sys.argv[1:4]
cfg = helm.Config(kubeconfig_path=kubeconfig, namespace=namespace, storage_driver="sql")
cfg.install(chart, "sigma", {"greeting": "sql"})
cfg.upgrade(chart, "sigma", {"greeting": "sql2"})
print(json.dumps({"list": cfg.list(all_states=True), "history": cfg.history("sigma"),
                  "status": cfg.status("sigma"), "values": cfg.get_values("sigma")}))
"""


def test_sql_driver_matches_reference(env: Env, postgres_url: str, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Releases the reference keeps in PostgreSQL (``HELM_DRIVER=sql``) read by pyhelm."""
    import os
    import subprocess
    import sys

    import psycopg

    database = f"t_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {database}")
    base, _, query = postgres_url.partition("?")
    url = f"{base.rsplit('/', 1)[0]}/{database}" + (f"?{query}" if query else "")
    chart = write_chart(tmp_path, TEMPLATES, VALUES, name="readchart", chart_yaml=CHART_YAML)
    proc = subprocess.run(
        [sys.executable, "-c", _REF_SQL, env.kubeconfig, env.other, str(chart)],
        capture_output=True, text=True, timeout=300, check=False,
        env=dict(os.environ, HELM_DRIVER_SQL_CONNECTION_STRING=url),
    )
    assert proc.returncode == 0, proc.stderr
    want = json.loads(proc.stdout)
    monkeypatch.setenv("HELM_DRIVER", "sql")
    monkeypatch.setenv("HELM_DRIVER_SQL_CONNECTION_STRING", url)
    sql_env = Env(env.kubeconfig, env.other, env.ref, env.other)
    assert [(r["name"], r["revision"], r["status"]) for r in sql_env.json("list", "--all")] == [
        (r["name"], str(r["revision"]), r["status"]) for r in want["list"]]
    assert [(h["revision"], h["status"]) for h in sql_env.json("history", "sigma")] == [
        (h["revision"], h["status"]) for h in want["history"]]
    status = sql_env.json("status", "sigma")
    assert (status["version"], status["info"]["status"], status["manifest"]) == (
        want["status"]["revision"], want["status"]["status"], want["status"]["manifest"])
    assert sql_env.json("get", "values", "sigma") == want["values"]
