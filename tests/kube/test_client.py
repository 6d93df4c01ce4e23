"""The Kubernetes client on the real control plane, against the reference Helm's behaviour.

Reachability, authentication failures and impersonation. (The namespace a context
names is checked against kubectl in test_config.py: the reference SDK always defaults
to ``default``, where the Helm CLI takes the context's namespace.)
"""

from __future__ import annotations

from typing import Any

import helm_python as helm
import pytest

from pyhelm.kube.client import UnreachableError, new_client
from pyhelm.kube.config import KubeOptions
from pyhelm.storage import Storage, StorageError, new_driver

pytestmark = pytest.mark.cluster


def ref_error(call: str, **kw: Any) -> str:
    cfg = helm.Config(**kw)
    try:
        getattr(cfg, call)()
    except helm.HelmError as err:
        return str(err)
    finally:
        cfg.close()
    raise AssertionError("the reference succeeded")


def test_reachable_and_version(kubeconfig: str) -> None:
    client = new_client(KubeOptions(kubeconfig=kubeconfig), {})
    client.is_reachable()
    assert client.server_version()["gitVersion"].startswith("v1.20.")
    assert client.namespace == "default"


def test_bad_token_against_reference(kubeconfig: str) -> None:
    expected = ref_error("check_reachable", kubeconfig_path=kubeconfig, kube_token="not-a-token")
    client = new_client(KubeOptions(kubeconfig=kubeconfig, token="not-a-token"), {})
    with pytest.raises(UnreachableError) as err:
        client.is_reachable()
    assert str(err.value) == expected


def test_impersonation_against_reference(kubeconfig: str) -> None:
    # Impersonating a user without rights: reachable, but listing release Secrets is forbidden.
    expected = ref_error("list", kubeconfig_path=kubeconfig, kube_as_user="nobody")
    client = new_client(KubeOptions(kubeconfig=kubeconfig, as_user="nobody"), {})
    client.is_reachable()
    with pytest.raises(StorageError) as err:
        Storage(new_driver("secret", namespace="default", kube_client=client)).list_deployed()
    assert str(err.value) == expected
