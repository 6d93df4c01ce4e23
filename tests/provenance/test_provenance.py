"""Provenance signing and verification against the reference Helm, both ways."""

from __future__ import annotations

import shutil
from pathlib import Path

import helm_python as helm
import pytest
from gpgsetup import ensure_gpg, make_protected_key

from pyhelm import provenance as pv

SHARED = Path(__file__).resolve().parents[3] / "shared"  # ../shared beside the repository
TESTDATA = SHARED / "helm-cmd-testdata"
PUB = str(TESTDATA / "helm-test-key.pub")
SECRET = str(TESTDATA / "helm-test-key.secret")
SIGNED = TESTDATA / "testcharts" / "signtest-0.1.0.tgz"
HELM_TESTER = "Helm Testing (This key should only be used for testing. DO NOT TRUST.) <helm-testing@helm.sh>"


@pytest.fixture(autouse=True)
def _gpg() -> None:
    ensure_gpg()


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    """A fresh chart archive packaged by the reference."""
    return Path(helm.package(str(TESTDATA / "testcharts" / "signtest"), destination=str(tmp_path)))


@pytest.fixture(scope="module")
def pw_key(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A passphrase-protected key (passphrase ``s3cret``): (secret keyring, public keyring) files."""
    ensure_gpg()
    root = tmp_path_factory.mktemp("pwkey")
    home = root / "gnupg"
    home.mkdir()
    secret, public = make_protected_key(home, "s3cret", "Pw Tester <pw@example.com>")
    (root / "pw.secret").write_bytes(secret)
    (root / "pw.pub").write_bytes(public)
    return root / "pw.secret", root / "pw.pub"


def _ref_error(fn, *args, **kwargs) -> str:
    with pytest.raises(helm.HelmError) as info:
        fn(*args, **kwargs)
    return str(info.value)


def _mine_error(fn, *args, **kwargs) -> str:
    with pytest.raises(pv.ProvenanceError) as info:
        fn(*args, **kwargs)
    return str(info.value)


def _as_dict(ver: pv.Verification) -> dict:
    return {"file_hash": ver.file_hash, "file_name": ver.file_name, "signed_by": ver.signed_by}


def test_reference_verifies_what_pyhelm_signs(archive: Path) -> None:
    prov = pv.sign(archive, "helm-test", SECRET)
    assert prov == f"{archive}.prov"
    ref = helm.verify(str(archive), PUB)
    assert ref["file_hash"] == helm.digest(str(archive))
    assert _as_dict(pv.verify(archive, keyring=PUB)) == ref


def test_pyhelm_verifies_what_reference_signs(archive: Path) -> None:
    helm.sign(str(archive), key="helm-test", keyring=SECRET)
    ver = pv.verify(archive, keyring=PUB)
    assert _as_dict(ver) == helm.verify(str(archive), PUB)
    assert ver.signed_by == [HELM_TESTER]
    assert ver.fingerprint == "5E615389B53CA37F0EE60BD3843BBF981FC18762"


def test_old_helm_provenance_file() -> None:
    assert _as_dict(pv.verify(SIGNED, keyring=PUB)) == helm.verify(str(SIGNED), PUB)


def test_message_block_layout_matches_reference(archive: Path, tmp_path: Path) -> None:
    """Same clear-signed text as Helm's: metadata, a '...' line, the file sums, a blank line."""
    twin = tmp_path / "twin"
    twin.mkdir()
    shutil.copy(archive, twin / archive.name)
    helm.sign(str(twin / archive.name), key="helm-test", keyring=SECRET)
    pv.sign(archive, "helm-test", SECRET)

    def body(path: Path) -> str:
        text = path.read_text()
        return text.split("-----BEGIN PGP SIGNATURE-----")[0]

    assert body(Path(f"{archive}.prov")) == body(twin / f"{archive.name}.prov")
    assert not Path(f"{archive}.prov").read_text().endswith("\n")


def test_tampered_archive(archive: Path) -> None:
    pv.sign(archive, "helm-test", SECRET)
    archive.write_bytes(archive.read_bytes() + b"\0")
    want = _ref_error(helm.verify, str(archive), PUB)
    assert want.startswith("sha256 sum does not match for signtest-0.1.0.tgz")
    assert _mine_error(pv.verify, archive, None, PUB) == want


def test_tampered_provenance_and_bad_inputs(archive: Path, tmp_path: Path) -> None:
    pv.sign(archive, "helm-test", SECRET)
    prov = Path(f"{archive}.prov")
    text = prov.read_text()
    cases = []
    for old, new in (("name: signtest", "name: signtesx"), ("files:", "filez:")):
        bad = tmp_path / f"bad-{len(cases)}.prov"
        bad.write_text(text.replace(old, new))
        cases.append((archive, bad, PUB))
    (tmp_path / "garbage.prov").write_text("hello")
    (tmp_path / "garbage-ring").write_text("garbage")
    (tmp_path / "empty-ring").write_bytes(b"")
    shutil.copy(archive, tmp_path / "chart.tar")
    cases += [
        (archive, tmp_path / "garbage.prov", PUB),
        (archive, prov, str(tmp_path / "garbage-ring")),
        (archive, prov, str(tmp_path / "empty-ring")),
        (archive, prov, str(tmp_path / "no-such-ring")),
        (archive, tmp_path / "none.prov", PUB),
        (tmp_path / "none.tgz", None, PUB),
        (tmp_path, None, PUB),
        (tmp_path / "chart.tar", None, PUB),
    ]
    for chart, prov_file, keyring in cases:
        kwargs = {"provenance_file": str(prov_file)} if prov_file else {}
        want = _ref_error(helm.verify, str(chart), keyring, **kwargs)
        assert _mine_error(pv.verify, chart, prov_file, keyring) == want, (chart, prov_file, keyring)


def test_unknown_signer(archive: Path, pw_key: tuple[Path, Path]) -> None:
    pv.sign(archive, "helm-test", SECRET)
    want = _ref_error(helm.verify, str(archive), str(pw_key[1]))
    assert want == "openpgp: signature made by unknown entity"
    assert _mine_error(pv.verify, archive, None, pw_key[1]) == want


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "gnupg"
    home.mkdir()
    return home


def test_protected_key_and_signing_errors(archive: Path, tmp_path: Path, pw_key: tuple[Path, Path]) -> None:
    ring, pub = pw_key
    good, wrong = tmp_path / "good.txt", tmp_path / "wrong.txt"
    good.write_text("s3cret\nignored second line\n")
    wrong.write_text("nope\n")

    pv.sign(archive, "Pw Tester", ring, good)
    assert _as_dict(pv.verify(archive, keyring=pub)) == helm.verify(str(archive), str(pub))

    cases = [
        ("Pw", str(ring), str(wrong)),
        ("Pw", str(ring), None),
        ("Pw", str(ring), str(tmp_path / "missing.txt")),
        ("nobody", SECRET, None),
        ("helm", PUB, None),
        ("x", str(tmp_path / "no-ring"), None),
    ]
    for key, keyring, passphrase in cases:
        Path(f"{archive}.prov").unlink(missing_ok=True)
        kwargs = {"passphrase_file": passphrase} if passphrase else {}
        want = _ref_error(helm.sign, str(archive), key=key, keyring=keyring, **kwargs)
        got = _mine_error(pv.sign, archive, key, keyring, passphrase, prompt=False)
        assert got == want, (key, keyring, passphrase)
        assert not Path(f"{archive}.prov").exists()


def test_ambiguous_key(tmp_path: Path, archive: Path, pw_key: tuple[Path, Path]) -> None:
    ring = tmp_path / "both.secret"
    ring.write_bytes(Path(SECRET).read_bytes() + pw_key[0].read_bytes())
    want = _ref_error(helm.sign, str(archive), key="Test", keyring=str(ring))
    assert _mine_error(pv.sign, archive, "Test", ring, None, prompt=False) == want
    # an exact identity wins over substring matches
    pv.sign(archive, HELM_TESTER, ring)
    assert _as_dict(pv.verify(archive, keyring=PUB)) == helm.verify(str(archive), PUB)


def test_armored_keyring(archive: Path, tmp_path: Path) -> None:
    """Helm v4.2 reads binary keyrings only: an --armor export is refused with Go's error."""
    import subprocess

    home = _home(tmp_path)
    subprocess.run(["gpg", "--homedir", str(home), "--batch", "--import", PUB], capture_output=True, check=True)
    armored = subprocess.run(
        ["gpg", "--homedir", str(home), "--batch", "--armor", "--export"], capture_output=True, check=True
    ).stdout
    subprocess.run(["gpgconf", "--homedir", str(home), "--kill", "gpg-agent"], capture_output=True, check=False)
    (tmp_path / "ring.asc").write_bytes(armored)
    pv.sign(archive, "helm-test", SECRET)
    want = _ref_error(helm.verify, str(archive), str(tmp_path / "ring.asc"))
    assert _mine_error(pv.verify, archive, None, tmp_path / "ring.asc") == want


def test_cli_verify(archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import contextlib
    import io

    from pyhelm.cli.main import main

    def run(argv: list[str]) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        return code, out.getvalue(), err.getvalue()

    helm.sign(str(archive), key="helm-test", keyring=SECRET)
    ref = helm.verify(str(archive), PUB)
    code, out, err = run(["verify", str(archive), "--keyring", PUB])
    assert (code, err) == (0, "")
    assert out == (f"Signed by: {HELM_TESTER}\nUsing Key With Fingerprint: 5E615389B53CA37F0EE60BD3843BBF981FC18762\n"
                   f"Chart Hash Verified: {ref['file_hash']}\n")
    archive.write_bytes(archive.read_bytes() + b"x")
    want = _ref_error(helm.verify, str(archive), PUB)
    assert run(["verify", str(archive), "--keyring", PUB]) == (1, "", f"Error: {want}\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("GNUPGHOME", raising=False)
    code, out, err = run(["verify", str(archive)])  # default keyring: ~/.gnupg/pubring.gpg
    assert code == 1 and err.startswith("Error: failed to load keyring: open ") and err.endswith("no such file or directory\n")
    assert run(["verify"])[2] == 'Error: "helm verify" requires 1 argument\n\nUsage:  helm verify PATH [flags]\n'
