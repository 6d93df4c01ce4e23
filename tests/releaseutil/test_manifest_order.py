"""Manifest splitting and install ordering, compared with the reference Helm's manifest stream."""

from __future__ import annotations

import pytest
from oracle import RefError, ref_manifest, write_chart

import pyhelm
from pyhelm.action.resources import ResourceError

KINDS = ["Deployment", "Service", "Namespace", "ConfigMap", "Zebra", "Alpha", "CustomResourceDefinition",
         "Secret", "Job", "Ingress", "ServiceAccount", "ClusterRole", "Pod", "Alpha"]


def _doc(kind: str, name: str, annotations: str = "") -> str:
    meta = f"metadata:\n  name: {name}\n" + (f"  annotations:\n{annotations}" if annotations else "")
    return f"apiVersion: v1\nkind: {kind}\n{meta}"


def test_kind_order_and_splitting_match_reference(tmp_path) -> None:
    templates = {
        f"t{i:02d}.yaml": _doc(kind, f"n{i}") for i, kind in enumerate(KINDS)
    }
    templates["multi.yaml"] = (
        "\n\n" + _doc("Service", "m1") + "\n\n\n---\n" + _doc("ConfigMap", "m2") + "   \n---   \n\n"
        + _doc("Deployment", "m3") + "\n---\n\n---\n# only a comment\n" + "---\n" + _doc("Pod", "m4") + "\n\n"
    )
    templates["glued.yaml"] = "---\n" + _doc("Secret", "g1") + "\n---" + _doc("Secret", "g2")
    templates["hook.yaml"] = _doc("Job", "h1", '    "helm.sh/hook": pre-install\n') + "---\n" + _doc("Pod", "after")
    templates["unknown-hook.yaml"] = _doc("Job", "h2", '    "helm.sh/hook": not-a-hook\n')
    templates["empty.yaml"] = "  \n\n"
    templates["_partial.tpl"] = '{{ define "x" }}kind: Nothing{{ end }}'
    chart = write_chart(tmp_path, templates)
    assert pyhelm.template(chart).manifest == ref_manifest(chart)


def test_list_kinds_and_comments_only_documents(tmp_path) -> None:
    templates = {
        "a.yaml": "# just a comment\n",
        "b.yaml": "apiVersion: v1\nkind: SecretList\nitems: []\n---\napiVersion: v1\nkind: RoleList\nitems: []\n",
        "c.yaml": "apiVersion: v1\nkind: PriorityClass\nmetadata:\n  name: p\n",
    }
    chart = write_chart(tmp_path, templates)
    assert pyhelm.template(chart).manifest == ref_manifest(chart)


HEADS = [
    "kind: X\nmetadata: 5\n", "kind: 5\n", "- a\n- b\n", "just text\n", "kind: X\nmetadata:\n  annotations: [1]\n",
    "kind: X\nmetadata:\n  annotations:\n    a: 1\n", "kind: X\nmetadata:\n  name: [x]\n", "a: [1\n",
    "kind: true\n", "kind: X\nmetadata:\n  name: 1.50\n  annotations:\n    a: 1.50\n    b: 0x10\n",
    "kind: X\nmetadata:\n  annotations:\n    a: {x: 1}\n", "kind: [a]\n", "Kind: Pod\nAPIVERSION: v1\n",
    "kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: post-install\n    helm.sh/hook-weight: -5\n",
    "kind: X\nspec:\n  x: .nan\n", "kind: X\nmetadata:\n  name: y\n  annotations:\n    y: n\n",
]


@pytest.mark.parametrize("doc", HEADS)
def test_head_decoding_matches_reference(tmp_path, doc) -> None:
    """Each document either renders into the same stream or fails with the same message."""
    chart = write_chart(tmp_path, {"a.yaml": doc, "b.yaml": "kind: Service\n"})
    try:
        expected = ref_manifest(chart)
    except RefError as ref:
        with pytest.raises(ResourceError) as ours:
            pyhelm.template(chart)
        assert str(ours.value) == str(ref)
        return
    result = pyhelm.template(chart)
    assert result.manifest == expected
