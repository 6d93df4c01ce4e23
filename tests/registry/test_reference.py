"""OCI reference parsing: the same rejections, with the same words, as the reference Helm.

These references fail before any network access, so no registry is needed.
"""

from __future__ import annotations

import helm_python
import pytest

from pyhelm.registry import InvalidReferenceError, RegistryError
from pyhelm.registry import reference as refs
from pyhelm.registry.client import Client

BAD_REPOSITORIES = [
    "127.0.0.1:5000",
    "127.0.0.1:5000/",
    "127.0.0.1:5000/Charts/x",
    "127.0.0.1:5000/charts//x",
    "127.0.0.1:5000/charts/x-",
    "127.0.0.1:5000/charts/x:1.0.0+meta",
    "127.0.0.1:5000/charts/x:-bad",
    "127.0.0.1:5000/charts/x:" + "a" * 129,
    "127.0.0.1:5000/charts/x@sha256:ABC",
    "127.0.0.1:5000/charts/x@sha256:" + "A" * 64,
    "127.0.0.1:5000/charts/x@md5:abc",
    "127.0.0.1:5000/charts/x@sha256",
    "bad host/charts/x",
    "/charts/x",
]


@pytest.mark.parametrize("ref", BAD_REPOSITORIES)
def test_tags_rejects_bad_references_like_helm(ref: str, tmp_path) -> None:
    reference = helm_python.RegistryClient(plain_http=True, credentials_file=str(tmp_path / "c.json"))
    with pytest.raises(helm_python.HelmError) as theirs:
        reference.tags(ref)
    with pytest.raises(RegistryError) as ours:
        Client(plain_http=True, credentials_file=str(tmp_path / "c.json")).tags(ref)
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize(
    "ref, version",
    [
        ("oci://127.0.0.1:1/charts/x:1.0.0", "2.0.0"),
        ("oci://127.0.0.1:1/charts/x:1.0.0+b", "1.0.0+b"),
        ("oci://127.0.0.1:1", None),
        ("oci://127.0.0.1:1/Charts/x", "1.0.0"),
    ],
)
def test_pull_rejects_before_network_like_helm(ref: str, version: str | None, tmp_path) -> None:
    reference = helm_python.RegistryClient(plain_http=True, credentials_file=str(tmp_path / "c.json"))
    with pytest.raises(helm_python.HelmError) as theirs:
        reference.pull(ref, version=version, destination=str(tmp_path), plain_http=True)
    with pytest.raises(RegistryError) as ours:
        Client(plain_http=True, credentials_file=str(tmp_path / "c.json")).resolve(ref, version)
    assert str(ours.value) == str(theirs.value)


def test_plus_in_tag_becomes_underscore() -> None:
    parsed = refs.parse("oci://127.0.0.1:5000/charts/x:1.2.3+build.1")
    assert (parsed.registry, parsed.repository, parsed.tag) == ("127.0.0.1:5000", "charts/x", "1.2.3_build.1")
    assert str(parsed) == "127.0.0.1:5000/charts/x:1.2.3_build.1"
    digest = "sha256:" + "ab" * 32
    by_digest = refs.parse(f"127.0.0.1:5000/charts/x@{digest}")
    assert (by_digest.tag, by_digest.digest, str(by_digest)) == ("", digest, f"127.0.0.1:5000/charts/x@{digest}")
    with pytest.raises(InvalidReferenceError):
        refs.parse("127.0.0.1:5000")
