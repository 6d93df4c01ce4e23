"""``.Capabilities`` compared with what the reference Helm exposes to templates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from oracle import ref_template

from pyhelm.chartutil import capabilities as caps

PROBES = ["v1", "apps/v1", "apps/v1/Deployment", "batch/v1", "nope/v1", "apiextensions.k8s.io/v1", ""]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    has = " ".join(f'{{{{ .Capabilities.APIVersions.Has "{p}" }}}}' for p in PROBES)
    text = "\n".join(
        [
            "{{ toJson .Capabilities }}",
            "{{ .Capabilities.KubeVersion }}|{{ .Capabilities.KubeVersion.Version }}|"
            "{{ .Capabilities.KubeVersion.Major }}|{{ .Capabilities.KubeVersion.Minor }}|"
            "{{ .Capabilities.KubeVersion.GitVersion }}|{{ .Capabilities.KubeVersion.String }}",
            '{{ printf "%T|%T|%T|%T" .Capabilities .Capabilities.KubeVersion .Capabilities.APIVersions '
            ".Capabilities.HelmVersion }}",
            "{{ .Capabilities.HelmVersion.Version }}|{{ .Capabilities.HelmVersion.GitCommit }}|"
            "{{ .Capabilities.HelmVersion.GitTreeState }}|{{ .Capabilities.HelmVersion.GoVersion }}|"
            "{{ .Capabilities.HelmVersion.KubeClientVersion }}",
            has,
            '{{ printf "%v" .Capabilities.KubeVersion }}',
        ]
    )
    out = ref_template(tmp_path_factory.mktemp("caps"), text)
    assert not out.startswith("ERROR"), out
    return out.split("\n")


def test_json_matches(reference: list[str]) -> None:
    assert caps.default_capabilities().__go_json__() == json.loads(reference[0])


def test_kube_version_fields(reference: list[str]) -> None:
    kv = caps.default_capabilities().KubeVersion
    assert "|".join([str(kv), kv.Version, kv.Major, kv.Minor, kv.GitVersion(), kv.String()]) == reference[1]
    assert "{" + " ".join(str(v) for v in kv.__go_fields__().values()) + "}" == reference[5]


def test_go_type_names(reference: list[str]) -> None:
    c = caps.default_capabilities()
    names = [c.__go_type__, c.KubeVersion.__go_type__, c.APIVersions.__go_type__, c.HelmVersion.__go_type__]
    assert "|".join(names) == reference[2]


def test_helm_version(reference: list[str]) -> None:
    hv = caps.default_capabilities().HelmVersion
    assert "|".join(hv.__go_fields__().values()) == reference[3]


def test_api_versions_has(reference: list[str]) -> None:
    c = caps.default_capabilities()
    assert " ".join("true" if c.APIVersions.Has(p) else "false" for p in PROBES) == reference[4]


def test_extra_api_versions_are_appended() -> None:
    c = caps.default_capabilities(api_versions=["example.com/v1", "example.com/v1/Thing"])
    assert c.APIVersions[-2:] == ["example.com/v1", "example.com/v1/Thing"]
    assert c.APIVersions.Has("example.com/v1/Thing")
    assert list(c.APIVersions[:-2]) == list(caps.DEFAULT_API_VERSIONS)


@pytest.mark.parametrize(
    "text, version, major, minor, normalized",
    [
        ("1.33.4-gke.1245000", "v1.33.4-gke.1245000", "1", "33", "v1.33.4"),
        ("v1.20", "v1.20", "1", "20", "v1.20"),
        ("v1.20.3+k3s1", "v1.20.3+k3s1", "1", "20", "v1.20.3"),
    ],
)
def test_parse_kube_version(text: str, version: str, major: str, minor: str, normalized: str) -> None:
    kv = caps.parse_kube_version(text)
    assert (kv.Version, kv.Major, kv.Minor, kv.String()) == (version, major, minor, normalized)


@pytest.mark.parametrize(
    "text, message",
    [
        ("1", 'illegal version string "1"'),
        ("abc", 'could not parse "abc" as version'),
        ("01.2", 'illegal zero-prefixed version component "01" in "01.2"'),
    ],
)
def test_parse_kube_version_errors(text: str, message: str) -> None:
    with pytest.raises(caps.KubeVersionError) as err:
        caps.parse_kube_version_flag(text)
    assert str(err.value) == f"invalid kube version '{text}': {message}"


def test_chart_kube_version_constraint(tmp_path: Path) -> None:
    """Chart.yaml ``kubeVersion`` is checked against the capabilities as Helm's install does."""
    from oracle import RefError, ref_manifest, write_chart

    from pyhelm.chart.model import Chart, Metadata

    for constraint in ("<1.20.0", ">=1.20.0-0", "abc"):
        chart_yaml = f'apiVersion: v2\nname: mychart\nversion: 0.1.0\nkubeVersion: "{constraint}"\n'
        chart_dir = write_chart(
            tmp_path / constraint.replace("<", "lt").replace(">", "gt"),
            {"t.yaml": "a: b"},
            chart_yaml=chart_yaml,
        )
        try:
            ref_manifest(chart_dir)
            expected = "ok"
        except RefError as err:
            expected = str(err)
        chart = Chart(metadata=Metadata(name="mychart", version="0.1.0", kube_version=constraint))
        try:
            caps.check_kube_version(chart, caps.default_capabilities())
            got = "ok"
        except caps.KubeVersionError as err:
            got = str(err)
        assert got == expected
