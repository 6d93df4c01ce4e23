"""Action behaviour without a cluster, against the reference: unreachable clusters and
client-side dry runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from oracle import write_chart
from testpaths import SHARED

from pyhelm.action.configuration import Configuration
from pyhelm.action.install import InstallError, InstallOptions, install
from pyhelm.action.release_testing import TestOptions, run_tests
from pyhelm.action.rollback import RollbackOptions, rollback
from pyhelm.action.uninstall import UninstallOptions, uninstall
from pyhelm.action.upgrade import UpgradeOptions, upgrade
from pyhelm.storage import Storage

EMPTY = SHARED / "helm-cmd-testdata" / "testcharts" / "empty"
UNREACHABLE_KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- name: x
  cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}
contexts:
- name: x
  context: {cluster: x, user: x}
current-context: x
users:
- name: x
  user: {token: t}
"""


@pytest.fixture()
def unreachable(tmp_path: Path) -> Path:
    path = tmp_path / "kubeconfig"
    path.write_text(UNREACHABLE_KUBECONFIG)
    return path


def _pyhelm_cfg(kubeconfig: Path) -> Configuration:
    from pyhelm.kube.client import new_client
    from pyhelm.kube.config import KubeOptions
    from pyhelm.kube.resources import ResourceClient

    client = new_client(KubeOptions(kubeconfig=str(kubeconfig)), environ={})
    return Configuration(kube=ResourceClient(client, namespace="default"), storage=Storage(), kube_client=client)


def test_unreachable_cluster_errors_match_reference(unreachable: Path) -> None:
    import helm_python

    ref = helm_python.Config(kubeconfig_path=str(unreachable), namespace="default", storage_driver="memory")
    cfg = _pyhelm_cfg(unreachable)
    pairs = [
        (lambda: ref.install(str(EMPTY), "x"), lambda: install(cfg, "x", EMPTY, InstallOptions())),
        (lambda: ref.upgrade(str(EMPTY), "x"), lambda: upgrade(cfg, "x", EMPTY, UpgradeOptions())),
        (lambda: ref.rollback("x"), lambda: rollback(cfg, "x", RollbackOptions())),
        (lambda: ref.uninstall("x"), lambda: uninstall(cfg, "x", UninstallOptions())),
        (lambda: ref.test("x"), lambda: run_tests(cfg, "x", TestOptions())),
    ]
    for theirs, mine in pairs:
        with pytest.raises(Exception) as expected:
            theirs()
        with pytest.raises(Exception) as got:
            mine()
        assert str(got.value) == str(expected.value)


HOOKED = {
    "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  v: {{ .Values.v | quote }}\n",
    "secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  a: b\n",
    "hook.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test\n"
                 "spec:\n  containers: [{name: c, image: x}]\n",
    "NOTES.txt": "notes for {{ .Release.Name }}\n",
}


@pytest.mark.parametrize("values", [{}, {"v": "x"}])
def test_client_dry_run_matches_reference(tmp_path: Path, unreachable: Path, values: dict) -> None:
    import helm_python

    chart = write_chart(tmp_path, HOOKED, "v: default\n", name="dry")
    ref = helm_python.Config(kubeconfig_path=str(unreachable), namespace="default", storage_driver="memory")
    theirs = ref.install(str(chart), "dry", values, dry_run="client")
    mine = install(_pyhelm_cfg(unreachable), "dry", chart, InstallOptions(values=values, dry_run="client"))
    assert (mine.manifest, str(mine.status), mine.version) == (theirs["manifest"], theirs["status"], theirs["revision"])
    assert mine.info.description == "Dry run complete"


def test_reachability_checked_before_hide_secret(unreachable: Path, tmp_path: Path) -> None:
    import helm_python

    chart = write_chart(tmp_path, HOOKED, "", name="dry")
    with pytest.raises(InstallError) as mine:
        install(_pyhelm_cfg(unreachable), "dry", chart, InstallOptions(hide_secret=True, dry_run=""))
    ref = helm_python.Config(kubeconfig_path=str(unreachable), namespace="default", storage_driver="memory")
    with pytest.raises(Exception) as theirs:
        ref.install(str(chart), "dry", None)
    # without a cluster the reference stops at reachability first, as pyhelm does
    assert str(theirs.value).startswith("cluster reachability check failed")
    assert str(mine.value).startswith("cluster reachability check failed")
