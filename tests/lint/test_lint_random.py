"""Randomized lint differential test: many generated manifests in one chart, linted by both.

Each template holds one to three documents built from pools of kinds, API versions
(current and deprecated), object names (valid and invalid for each naming rule) and
scalar spellings, so one reference run checks hundreds of combinations.
"""

from __future__ import annotations

import json
import random

import pytest
from test_lint import ours, ref, write

KINDS = [
    ("v1", "Service"), ("v1", "Namespace"), ("v1", "ServiceAccount"), ("v1", "Pod"), ("v1", "ConfigMap"),
    ("v1", "Endpoints"), ("v1", "ComponentStatus"), ("apps/v1", "Deployment"), ("apps/v1", "StatefulSet"),
    ("apps/v1beta2", "DaemonSet"), ("extensions/v1beta1", "Ingress"), ("networking.k8s.io/v1", "Ingress"),
    ("rbac.authorization.k8s.io/v1", "Role"), ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"),
    ("certificates.k8s.io/v1", "CertificateSigningRequest"), ("policy/v1beta1", "PodDisruptionBudget"),
    ("batch/v1beta1", "CronJob"), ("resource.k8s.io/v1beta1", "DeviceClass"), ("example.com/v1", "Widget"),
    ("v1", "List"), ("", "Pod"), ("v1", ""),
]  # fmt: skip
NAMES = [
    "web", "web-1", "a.b", "a..b", "A", "-a", "a-", "ab_c", "", ".", "..", "a/b", "a%b", "1abc", "x" * 63,
    "x" * 64, "y." * 40, "z" * 254, "é", "a b", "web.example.com",
]  # fmt: skip
SCALARS = ["5", "1.5", "1e6", "true", "yes", "null", "0x1F", "~", "12345678901", "-0.0"]


def _document(rng: random.Random) -> str:
    api, kind = rng.choice(KINDS)
    lines = []
    if api:
        lines.append(f"apiVersion: {api}")
    if kind:
        lines.append(f"kind: {kind}")
    roll = rng.random()
    if roll < 0.7:
        lines += ["metadata:", f"  name: {json.dumps(rng.choice(NAMES))}"]
    elif roll < 0.85:
        lines += ["metadata:", f"  name: {rng.choice(SCALARS)}"]
    if kind in ("Deployment", "StatefulSet", "DaemonSet") and rng.random() < 0.5:
        lines += ["spec:", "  selector:", "    matchLabels:", "      app: x"]
    if kind == "List" and rng.random() < 0.5:
        lines += ["items:", "- metadata:", "    annotations:", "      helm.sh/resource-policy: keep"]
    return "\n".join(lines) + "\n"


def _template(rng: random.Random) -> str:
    docs = [_document(rng) for _ in range(rng.randint(1, 3))]
    text = "---\n".join(docs)
    if rng.random() < 0.1:
        text = "  " + text  # an indented first line
    return text


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_manifests(tmp_path, seed):
    rng = random.Random(seed)
    files = {
        "Chart.yaml": "apiVersion: v2\nname: fuzz\nversion: 0.1.0\nicon: https://example.com/i.png\n",
        "values.yaml": "",
    }
    for i in range(120):
        files[f"templates/t{i:03d}.yaml"] = _template(rng)
    chart_dir = write(tmp_path / "fuzz", files)
    for kube in (None, "v1.20.0"):
        options = {"kube_version": kube} if kube else {}
        assert ours(chart_dir, **options) == ref(chart_dir, **options)
