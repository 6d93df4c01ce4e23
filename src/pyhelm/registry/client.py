"""Helm's OCI registry client (``pkg/registry.Client``): login, logout, push, pull, tags, resolve.

Charts are stored as OCI artifacts laid out as Helm lays them out: an image manifest
(``application/vnd.oci.image.manifest.v1+json``) whose config blob is the chart's
``Chart.yaml`` metadata as JSON (``application/vnd.cncf.helm.config.v1+json``), whose first
layer is the chart archive (``application/vnd.cncf.helm.chart.content.v1.tar+gzip``) and,
when the chart is signed, a second layer with the provenance file
(``application/vnd.cncf.helm.chart.provenance.v1.prov``); the manifest carries Helm's
``org.opencontainers.image.*`` annotations. Tags hold the chart version with ``+`` as ``_``.

Typical use::

    client = Client(plain_http=True)
    client.login("127.0.0.1:5000", "user", "secret")
    result = client.push(archive_bytes, "127.0.0.1:5000/charts/mychart:1.0.0")
    pulled = client.pull("oci://127.0.0.1:5000/charts/mychart", version="^1")
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import sys
from dataclasses import dataclass, field
from typing import IO, Any

from pyhelm.engine.runtime import go_quote as _go_quote
from pyhelm.registry import reference as refs
from pyhelm.registry.credentials import Credential, CredentialStore
from pyhelm.registry.errors import RegistryError
from pyhelm.registry.transport import Transport, response_error_text

CONFIG_MEDIA_TYPE = "application/vnd.cncf.helm.config.v1+json"
CHART_LAYER_MEDIA_TYPE = "application/vnd.cncf.helm.chart.content.v1.tar+gzip"
PROV_LAYER_MEDIA_TYPE = "application/vnd.cncf.helm.chart.provenance.v1.prov"
LEGACY_CHART_LAYER_MEDIA_TYPE = "application/tar+gzip"
MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json"
DOCKER_MANIFEST_MEDIA_TYPE = "application/vnd.docker.distribution.manifest.v2+json"
MANIFEST_ACCEPT = ", ".join(
    [MANIFEST_MEDIA_TYPE, DOCKER_MANIFEST_MEDIA_TYPE, "application/vnd.oci.image.index.v1+json",
     "application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.oci.artifact.manifest.v1+json"]
)  # fmt: skip

ANNOTATION_TITLE = "org.opencontainers.image.title"
ANNOTATION_VERSION = "org.opencontainers.image.version"
ANNOTATION_DESCRIPTION = "org.opencontainers.image.description"
ANNOTATION_URL = "org.opencontainers.image.url"
ANNOTATION_CREATED = "org.opencontainers.image.created"
ANNOTATION_SOURCE = "org.opencontainers.image.source"
ANNOTATION_AUTHORS = "org.opencontainers.image.authors"
IMMUTABLE_ANNOTATIONS = (ANNOTATION_VERSION, ANNOTATION_TITLE)

UNDERSCORE_MESSAGE = """
OCI artifact references (e.g. tags) do not support the plus sign (+). To support
storing semantic versions, Helm adopts the convention of changing plus (+) to
an underscore (_) in chart version tags when pushing to a registry and back to
a plus (+) when pulling from a registry."""


@dataclass(frozen=True)
class Descriptor:
    """An OCI content descriptor: media type, ``sha256:...`` digest and size in bytes."""

    media_type: str
    digest: str
    size: int

    def go_json(self) -> str:
        """The descriptor as Go marshals ``ocispec.Descriptor`` (mediaType, digest, size)."""
        return json.dumps({"mediaType": self.media_type, "digest": self.digest, "size": self.size}, separators=(",", ":"))


def describe(media_type: str, data: bytes) -> Descriptor:
    """The descriptor of ``data`` (sha256 digest)."""
    return Descriptor(media_type, "sha256:" + hashlib.sha256(data).hexdigest(), len(data))


@dataclass
class PushResult:
    """What :meth:`Client.push` stored: ``ref`` (``host/repo:tag``), manifest ``digest`` and descriptors."""

    ref: str
    digest: str
    manifest: Descriptor
    config: Descriptor
    chart: Descriptor
    prov: Descriptor | None
    manifest_bytes: bytes
    meta: Any = None

    @property
    def chart_digest(self) -> str:
        """The chart layer's digest (sha256 of the ``.tgz``)."""
        return self.chart.digest


@dataclass
class PullResult:
    """What :meth:`Client.pull` fetched: chart archive bytes, provenance bytes (or None), digests."""

    ref: str
    digest: str
    chart: bytes
    prov: bytes | None
    chart_digest: str
    config: bytes
    manifest_bytes: bytes
    meta: Any = None
    prov_digest: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> str:
        """The chart version from the config blob."""
        return getattr(self.meta, "version", "") or ""


class _GoStruct:
    """Ordered JSON object for :func:`pyhelm.codec.json.marshal` (Go struct field order)."""

    def __init__(self, pairs: dict[str, Any]) -> None:
        self.pairs = pairs

    def __go_json_fields__(self) -> list[tuple[str, Any, bool]]:
        return [(k, v, False) for k, v in self.pairs.items()]


def metadata_json(meta: Any) -> bytes:
    """The config blob: ``json.Marshal(chart.Metadata)`` (Go field order, omitempty, HTML-escaped)."""
    from pyhelm.chart.metadata import to_go_json
    from pyhelm.codec import json as gojson

    fields = dict(to_go_json(meta))
    for key in ("maintainers", "dependencies"):
        if key in fields:
            fields[key] = [_GoStruct(item) for item in fields[key]]
    return gojson.marshal(_GoStruct(fields)).encode("utf-8")


def _maintainers_text(meta: Any) -> str:
    parts = []
    for m in meta.maintainers:
        text = getattr(m, "name", "") or ""
        if getattr(m, "email", ""):
            text += f" ({m.email})"
        parts.append(text)
    return ", ".join(parts)


def oci_annotations(meta: Any, creation_time: str) -> dict[str, str]:
    """Helm ``generateOCIAnnotations``: image annotations from the chart, chart annotations on top.

    Empty (whitespace-only) values are left out; chart annotations may override every key
    but ``org.opencontainers.image.version`` and ``.title``.
    """
    out: dict[str, str] = {}

    def add(key: str, value: str | None) -> None:
        if value and value.strip():
            out[key] = value

    add(ANNOTATION_DESCRIPTION, meta.description)
    add(ANNOTATION_TITLE, meta.name)
    add(ANNOTATION_VERSION, meta.version)
    add(ANNOTATION_URL, meta.home)
    add(ANNOTATION_CREATED, creation_time)
    if meta.sources:
        add(ANNOTATION_SOURCE, meta.sources[0])
    if meta.maintainers:
        add(ANNOTATION_AUTHORS, _maintainers_text(meta))
    for key, value in (meta.annotations or {}).items():
        if key not in IMMUTABLE_ANNOTATIONS:
            out[key] = value
    return out


def rfc3339(moment: _dt.datetime | None = None) -> str:
    """Go ``time.Format(time.RFC3339)`` of ``moment`` (default now, UTC): ``Z`` or ``+hh:mm``."""
    if moment is None:
        moment = _dt.datetime.now(_dt.UTC)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    text = moment.replace(microsecond=0).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def manifest_bytes(config: Descriptor, layers: list[Descriptor], annotations: dict[str, str]) -> bytes:
    """``json.Marshal(ocispec.Manifest)`` as Helm builds it: schemaVersion, config, layers, annotations."""
    from pyhelm.codec import json as gojson

    body = '{"schemaVersion":2,"config":' + config.go_json() + ',"layers":['
    body += ",".join(layer.go_json() for layer in layers) + "]"
    if annotations:
        body += ',"annotations":' + gojson.marshal(annotations)
    return (body + "}").encode("utf-8")


def _check_tag_constraint(tags: list[str], version: str) -> str:
    """Helm ``GetTagMatchingVersionOrConstraint``: exact tag, else the first (highest) match."""
    from pyhelm.semver import Constraints, SemverError, Version

    if version:
        if version in tags:
            return version
        try:
            constraint = Constraints.parse(version)
        except SemverError as err:
            raise RegistryError(str(err)) from None
    else:
        constraint = Constraints.parse("*")
    for tag in tags:
        try:
            candidate = Version.parse(tag)
        except SemverError:
            continue
        if constraint.check(candidate):
            return tag
    raise RegistryError(f"could not locate a version matching provided version string {version}")


def _is_semver(text: str) -> bool:
    from pyhelm.semver import SemverError, Version

    try:
        Version.parse(text)
    except SemverError:
        return False
    return True


class Client:
    """Helm ``registry.Client``.

    Args:
        credentials_file: Helm's registry config (default ``$HELM_REGISTRY_CONFIG`` or
            ``~/.config/helm/registry/config.json``); Docker's config is a read fallback.
        plain_http: talk HTTP instead of HTTPS.
        insecure: skip TLS certificate verification.
        ca_file, cert_file, key_file: TLS trust anchor and client certificate.
        username, password: fixed basic credentials used instead of the stored ones
            (``--username/--password`` of push/pull).
        out: where Helm's client messages go (``Pushed:``/``Pulled:``/``Digest:``,
            ``Login Succeeded``...); None for silence.

    Raises :class:`RegistryError` when the credentials file cannot be decoded
    (``failed to decode config file PATH: invalid config format: ...``).
    """

    def __init__(
        self,
        *,
        credentials_file: str | None = None,
        plain_http: bool = False,
        insecure: bool = False,
        ca_file: str = "",
        cert_file: str = "",
        key_file: str = "",
        username: str = "",
        password: str = "",
        out: IO[str] | None = None,
        docker_fallback: bool = True,
    ) -> None:
        self.store = CredentialStore(credentials_file, docker_fallback=docker_fallback)
        self.store.primary.check()  # Helm reads its credentials file when it builds the client
        self.plain_http = plain_http
        self.insecure = insecure
        self.ca_file = ca_file
        self.cert_file = cert_file
        self.key_file = key_file
        self.username = username
        self.password = password
        self.out = out
        self._transport: Transport | None = None

    # ------------------------------------------------------------------ plumbing

    def _credential(self, host: str) -> Credential:
        if self.username or self.password:
            return Credential(self.username, self.password)
        return self.store.get(host)

    def _http(self) -> Transport:
        if self._transport is None:
            self._transport = Transport(
                self._credential, plain_http=self.plain_http, insecure=self.insecure,
                ca_file=self.ca_file, cert_file=self.cert_file, key_file=self.key_file,
            )  # fmt: skip
        return self._transport

    def close(self) -> None:
        """Close pooled HTTP connections."""
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _print(self, text: str) -> None:
        if self.out is not None:
            self.out.write(text)

    # ------------------------------------------------------------------ login / logout

    def login(
        self,
        host: str,
        username: str,
        password: str,
        *,
        insecure: bool = False,
        plain_http: bool = False,
        ca_file: str = "",
        cert_file: str = "",
        key_file: str = "",
    ) -> None:
        """Helm ``Client.Login``: check the credential against ``https://HOST/v2/`` and store it.

        Prints ``Login Succeeded`` to ``out``. Raises :class:`RegistryError`
        ``authenticating to "HOST": <cause>`` when the registry refuses the credential or
        cannot be reached; the credentials file is then left untouched.
        """
        if plain_http:
            self.plain_http = True
        if insecure:
            self.insecure = True
        self.ca_file = ca_file or self.ca_file
        if cert_file and key_file:
            self.cert_file, self.key_file = cert_file, key_file
        self.close()
        refs.validate_registry(host)
        cred = Credential(username, password)
        try:
            resp = self._http().request("GET", host, "/v2/", credential=cred)
        except RegistryError as err:
            raise RegistryError(f"authenticating to {_go_quote(host)}: {err}") from None
        if resp.status_code != 200:
            raise RegistryError(f"authenticating to {_go_quote(host)}: {response_error_text(resp)}")
        self.store.put(host, cred)
        self._print("Login Succeeded\n")

    def logout(self, host: str) -> None:
        """Helm ``Client.Logout``: remove ``host`` from the credentials file; prints
        ``Removing login credentials for HOST``. A host not logged in is not an error."""
        self.store.delete(host)
        self._print(f"Removing login credentials for {host}\n")

    # ------------------------------------------------------------------ push

    def push(
        self,
        data: bytes,
        ref: str,
        *,
        prov_bytes: bytes | None = None,
        strict: bool = True,
        creation_time: str = "",
    ) -> PushResult:
        """Helm ``Client.Push``: upload a chart archive as ``ref`` (``[oci://]host/path/name:version``).

        ``creation_time`` is the RFC 3339 ``org.opencontainers.image.created`` value
        (Helm's push command passes the archive's modification time; default now).
        Prints ``Pushed: REF`` and ``Digest: sha256:...`` to ``out``. Raises
        :class:`RegistryError` (bad reference, strict-mode mismatch, transport and
        registry errors) or the chart loader's error for a bad archive.
        """
        from pyhelm.chart.loader import load_archive

        parsed = refs.parse(ref)
        meta = load_archive(data).metadata
        if strict and not ref.endswith(f"/{meta.name}:{meta.version}"):
            raise RegistryError("strict mode enabled, ref basename and tag must match the chart name and version")
        config_data = metadata_json(meta)
        config = describe(CONFIG_MEDIA_TYPE, config_data)
        chart = describe(CHART_LAYER_MEDIA_TYPE, data)
        layers = [chart]
        blobs = [(config, config_data), (chart, data)]
        prov = None
        if prov_bytes is not None:
            prov = describe(PROV_LAYER_MEDIA_TYPE, prov_bytes)
            layers.append(prov)
            blobs.append((prov, prov_bytes))
        layers.sort(key=lambda d: d.digest)  # Helm v4 lists the layers in digest order
        manifest_data = manifest_bytes(config, layers, oci_annotations(meta, creation_time or rfc3339()))
        manifest = describe(MANIFEST_MEDIA_TYPE, manifest_data)
        self._upload(parsed, blobs, manifest, manifest_data)
        result = PushResult(str(parsed), manifest.digest, manifest, config, chart, prov, manifest_data, meta)
        self._print(f"Pushed: {result.ref}\nDigest: {result.digest}\n")
        if "_" in parsed.tag:
            self._print(f"{result.ref} contains an underscore.\n{UNDERSCORE_MESSAGE}\n")
        return result

    def _upload(
        self, ref: refs.Reference, blobs: list[tuple[Descriptor, bytes]], manifest: Descriptor, data: bytes
    ) -> None:
        http = self._http()
        scope = f"repository:{ref.repository}:pull,push"
        base = f"/v2/{ref.repository}"
        try:
            http.request("HEAD", ref.registry, f"{base}/manifests/{manifest.digest}", scope=scope,
                         headers={"Accept": MANIFEST_MEDIA_TYPE})  # fmt: skip
        except RegistryError as err:
            raise RegistryError(f'failed to perform "Exists" on destination: {err}') from None
        for desc, blob in blobs:
            self._upload_blob(http, ref, scope, desc, blob)
        target = ref.tag or manifest.digest
        resp = http.request("PUT", ref.registry, f"{base}/manifests/{target}", scope=scope, data=data,
                            headers={"Content-Type": MANIFEST_MEDIA_TYPE})  # fmt: skip
        if resp.status_code not in (200, 201, 202):
            raise RegistryError(f'failed to perform "Tag" on destination: {response_error_text(resp)}')

    def _upload_blob(self, http: Transport, ref: refs.Reference, scope: str, desc: Descriptor, blob: bytes) -> None:
        base = f"/v2/{ref.repository}/blobs"
        resp = http.request("HEAD", ref.registry, f"{base}/{desc.digest}", scope=scope)
        if resp.status_code == 200:
            return
        if resp.status_code not in (404,):
            raise RegistryError(f'failed to perform "Exists" on destination: {response_error_text(resp)}')
        resp = http.request("POST", ref.registry, f"{base}/uploads/", scope=scope)
        if resp.status_code != 202 or not resp.headers.get("Location"):
            raise RegistryError(f'failed to perform "Push" on destination: {response_error_text(resp)}')
        location = resp.headers["Location"]
        if "://" not in location:
            location = http.url(ref.registry, location)
        sep = "&" if "?" in location else "?"
        resp = http.request("PUT", ref.registry, f"{location}{sep}digest={desc.digest}", scope=scope, data=blob,
                            headers={"Content-Type": "application/octet-stream"})  # fmt: skip
        if resp.status_code not in (201, 204):
            raise RegistryError(f'failed to perform "Push" on destination: {response_error_text(resp)}')

    # ------------------------------------------------------------------ tags / resolve

    def tags(self, ref: str) -> list[str]:
        """Helm ``Client.Tags``: the repository's semver tags as chart versions, newest first.

        ``ref`` is ``[oci://]host/path/name`` (parsed raw by oras-go: a ``+`` in a tag is
        rejected). Tags that are not strict semver (after ``_`` → ``+``) are skipped.
        """
        from pyhelm.semver import SemverError, Version

        if ref.startswith(refs.OCI_PREFIX):
            ref = ref[len(refs.OCI_PREFIX) :]
        parsed = refs.parse_oras(ref)
        versions: list[Version] = []
        for tag in self._list_tags(parsed.registry, parsed.repository):
            try:
                versions.append(Version.parse_strict(refs.tag_to_version(tag)))
            except SemverError:
                continue
        versions.sort(key=_version_key, reverse=True)
        return [v.String() for v in versions]

    def _list_tags(self, host: str, repository: str) -> list[str]:
        http = self._http()
        scope = f"repository:{repository}:pull"
        path = f"/v2/{repository}/tags/list"
        found: list[str] = []
        for _ in range(10000):
            resp = http.request("GET", host, path, scope=scope)
            if resp.status_code != 200:
                raise RegistryError(response_error_text(resp))
            try:
                body = resp.json()
            except ValueError:
                raise RegistryError(f"{host}/{repository}: invalid tag list") from None
            found.extend(str(t) for t in (body.get("tags") or []))
            nxt = resp.links.get("next", {}).get("url")
            if not nxt:
                break
            path = nxt if nxt.startswith("/") or "://" in nxt else "/" + nxt
        return found

    def resolve(self, ref: str, version: str | None = None) -> str:
        """Helm ``Client.ValidateReference``: the reference to fetch for ``ref`` and ``--version``.

        ``ref`` is ``oci://host/path/name[:tag][@digest]``; ``version`` an exact version or
        a semver constraint (empty: the tag in ``ref``, else the highest semver tag).
        Returns ``host/path/name:tag`` or ``host/path/name@digest``. Raises
        :class:`RegistryError`: ``chart reference and version mismatch: V is not T``,
        ``unable to locate any tags in provided repository: REF``,
        ``could not locate a version matching provided version string V`` and
        constraint/registry errors.
        """
        raw = ref[len(refs.OCI_PREFIX) :] if ref.startswith(refs.OCI_PREFIX) else ref
        parsed = refs.parse(raw)
        version = version or ""
        if not version:
            version = parsed.tag
        elif parsed.tag and parsed.tag != version:
            raise RegistryError(f"chart reference and version mismatch: {version} is not {parsed.tag}")
        if parsed.digest:
            return self._resolve_digest(parsed, version)
        if version and _is_semver(version):
            tag = version
        else:
            tags = self.tags(raw)
            if not tags:
                raise RegistryError(f"unable to locate any tags in provided repository: {ref}")
            tag = _check_tag_constraint(tags, version)
        return f"{parsed.registry}/{parsed.repository}:{tag}"

    def _resolve_digest(self, parsed: refs.Reference, version: str) -> str:
        by_digest = f"{parsed.registry}/{parsed.repository}@{parsed.digest}"
        if not version:
            return by_digest
        try:
            desc = self.resolve_descriptor(f"{parsed.registry}/{parsed.repository}:{version}")
        except RegistryError:
            return by_digest  # the artifact need not be tagged when a digest is given
        if desc.digest != parsed.digest:
            raise RegistryError(f"chart reference digest mismatch: {desc.digest} is not {parsed.digest}")
        return by_digest

    def resolve_descriptor(self, ref: str) -> Descriptor:
        """The manifest descriptor of ``[oci://]host/path/name:tag`` (or ``@digest``).

        Raises :class:`RegistryError` (``HOST/PATH:TAG: not found`` for a missing tag).
        """
        raw = ref[len(refs.OCI_PREFIX) :] if ref.startswith(refs.OCI_PREFIX) else ref
        oras_ref = refs.parse_oras(raw)
        parsed = refs.parse(raw)
        target = parsed.tag or parsed.digest or oras_ref.reference
        resp = self._http().request("HEAD", parsed.registry, f"/v2/{parsed.repository}/manifests/{target}",
                                    scope=f"repository:{parsed.repository}:pull",
                                    headers={"Accept": MANIFEST_ACCEPT})  # fmt: skip
        if resp.status_code == 404:
            raise RegistryError(f"{parsed}: not found")
        if resp.status_code != 200:
            raise RegistryError(response_error_text(resp))
        return Descriptor(
            resp.headers.get("Content-Type", "").split(";")[0],
            resp.headers.get("Docker-Content-Digest", ""),
            int(resp.headers.get("Content-Length") or 0),
        )

    # ------------------------------------------------------------------ pull

    def pull(
        self,
        ref: str,
        *,
        version: str | None = None,
        with_prov: bool = False,
        ignore_missing_prov: bool = False,
    ) -> PullResult:
        """Helm ``ValidateReference`` + ``Client.Pull``: fetch a chart (and its provenance).

        ``ref`` is ``oci://host/path/name[:tag][@digest]``; ``version`` as in :meth:`resolve`.
        Returns :class:`PullResult` with the archive bytes; prints ``Pulled: REF`` and
        ``Digest: sha256:...`` to ``out``. Raises :class:`RegistryError`
        (``failed to perform "FetchReference" on source: REF: not found``, ``manifest does
        not contain minimum number of descriptors (2), descriptors found: 1`` for a
        non-chart artifact, digest mismatches, transport errors).
        """
        parsed = refs.parse(self.resolve(ref, version))
        target = parsed.tag or parsed.digest
        manifest_data = self._fetch_manifest(parsed, target)
        manifest_digest = "sha256:" + hashlib.sha256(manifest_data).hexdigest()
        if parsed.digest and not parsed.tag and manifest_digest != parsed.digest:
            raise RegistryError(f"{parsed}: digest mismatch: got {manifest_digest}")
        config_desc, chart_desc, prov_desc = _chart_descriptors(manifest_data, with_prov, ignore_missing_prov)
        if chart_desc.media_type == LEGACY_CHART_LAYER_MEDIA_TYPE:
            self._print(f"Warning: chart media type {LEGACY_CHART_LAYER_MEDIA_TYPE} is deprecated\n")
        config_data = self._fetch_blob(parsed, config_desc)
        meta = _parse_config(config_data)
        chart_data = self._fetch_blob(parsed, chart_desc)
        prov_data = self._fetch_blob(parsed, prov_desc) if prov_desc is not None else None
        result = PullResult(
            ref=str(parsed), digest=manifest_digest, chart=chart_data, prov=prov_data,
            chart_digest=chart_desc.digest, config=config_data, manifest_bytes=manifest_data, meta=meta,
            prov_digest=prov_desc.digest if prov_desc else "",
        )  # fmt: skip
        self._print(f"Pulled: {result.ref}\nDigest: {result.digest}\n")
        if "_" in result.ref:
            self._print(f"{result.ref} contains an underscore.\n{UNDERSCORE_MESSAGE}\n")
        return result

    def _fetch_manifest(self, parsed: refs.Reference, target: str) -> bytes:
        try:
            resp = self._http().request("GET", parsed.registry, f"/v2/{parsed.repository}/manifests/{target}",
                                        scope=f"repository:{parsed.repository}:pull",
                                        headers={"Accept": MANIFEST_ACCEPT})  # fmt: skip
        except RegistryError as err:
            raise RegistryError(f'failed to perform "FetchReference" on source: {err}') from None
        if resp.status_code == 404:
            raise RegistryError(f'failed to perform "FetchReference" on source: {parsed}: not found')
        if resp.status_code != 200:
            raise RegistryError(f'failed to perform "FetchReference" on source: {response_error_text(resp)}')
        return resp.content

    def _fetch_blob(self, parsed: refs.Reference, desc: Descriptor) -> bytes:
        try:
            resp = self._http().request("GET", parsed.registry, f"/v2/{parsed.repository}/blobs/{desc.digest}",
                                        scope=f"repository:{parsed.repository}:pull")  # fmt: skip
        except RegistryError as err:
            raise RegistryError(f'failed to perform "Fetch" on source: {err}') from None
        if resp.status_code == 404:
            raise RegistryError(f"{desc.digest}: not found")
        if resp.status_code != 200:
            raise RegistryError(response_error_text(resp))
        data = resp.content
        if len(data) != desc.size or "sha256:" + hashlib.sha256(data).hexdigest() != desc.digest:
            raise RegistryError(f"failed to verify content {desc.digest}: content digest or size mismatch")
        return data


def _version_key(v: Any) -> Any:
    import functools

    def cmp(a: Any, b: Any) -> int:
        return int(a.compare(b))

    return functools.cmp_to_key(cmp)(v)


def _descriptor(item: Any) -> Descriptor | None:
    if not isinstance(item, dict):
        return None
    try:
        return Descriptor(str(item.get("mediaType", "")), str(item["digest"]), int(item.get("size", 0)))
    except (KeyError, TypeError, ValueError):
        return None


def _chart_descriptors(
    manifest_data: bytes, with_prov: bool, ignore_missing_prov: bool
) -> tuple[Descriptor, Descriptor, Descriptor | None]:
    """Pick Helm's config, chart and provenance descriptors out of a manifest (Helm ``Pull`` checks)."""
    try:
        manifest = json.loads(manifest_data)
    except ValueError as err:
        raise RegistryError(f"invalid manifest: {err}") from None
    if not isinstance(manifest, dict):
        raise RegistryError("invalid manifest")
    allowed = {CHART_LAYER_MEDIA_TYPE, LEGACY_CHART_LAYER_MEDIA_TYPE} | ({PROV_LAYER_MEDIA_TYPE} if with_prov else set())
    descriptors: list[Descriptor] = []
    config = _descriptor(manifest.get("config"))
    if config is not None and config.media_type == CONFIG_MEDIA_TYPE:
        descriptors.append(config)
    for layer in manifest.get("layers") or []:
        desc = _descriptor(layer)
        if desc is not None and desc.media_type in allowed:
            descriptors.append(desc)
    minimum = 2 + (1 if with_prov and not ignore_missing_prov else 0)
    found = 1 + len(descriptors)
    if found < minimum:
        raise RegistryError(
            f"manifest does not contain minimum number of descriptors ({minimum}), descriptors found: {found}"
        )
    by_type: dict[str, Descriptor] = {}
    for desc in descriptors:
        key = CHART_LAYER_MEDIA_TYPE if desc.media_type == LEGACY_CHART_LAYER_MEDIA_TYPE else desc.media_type
        by_type[key] = desc
    if CONFIG_MEDIA_TYPE not in by_type:
        raise RegistryError(f"could not load config with mediatype {CONFIG_MEDIA_TYPE}")
    if CHART_LAYER_MEDIA_TYPE not in by_type:
        raise RegistryError(f"manifest does not contain a layer with mediatype {CHART_LAYER_MEDIA_TYPE}")
    prov = by_type.get(PROV_LAYER_MEDIA_TYPE)
    if with_prov and prov is None and not ignore_missing_prov:
        raise RegistryError(f"manifest does not contain a layer with mediatype {PROV_LAYER_MEDIA_TYPE}")
    return by_type[CONFIG_MEDIA_TYPE], by_type[CHART_LAYER_MEDIA_TYPE], prov


def _parse_config(data: bytes) -> Any:
    """The chart metadata from a config blob (JSON; YAML is a superset, so Helm's parser reads it)."""
    from pyhelm.chart.metadata import parse_metadata

    try:
        json.loads(data)
    except ValueError as err:
        raise RegistryError(f"invalid chart config: {err}") from None
    try:
        return parse_metadata(data, what="config")
    except Exception as err:  # noqa: BLE001 - wording comes from the metadata parser
        raise RegistryError(str(err)) from None


# ---------------------------------------------------------------------- module-level helpers


def client_from_settings(
    *,
    registry_config: str | None = None,
    plain_http: bool = False,
    insecure: bool = False,
    ca_file: str = "",
    cert_file: str = "",
    key_file: str = "",
    username: str = "",
    password: str = "",
    out: IO[str] | None = None,
) -> Client:
    """A :class:`Client` over Helm's registry config (``registry_config`` or ``$HELM_REGISTRY_CONFIG``)."""
    return Client(
        credentials_file=registry_config or None, plain_http=plain_http, insecure=insecure, ca_file=ca_file,
        cert_file=cert_file, key_file=key_file, username=username, password=password, out=out,
    )  # fmt: skip


def pull(
    ref: str,
    *,
    version: str | None = None,
    registry_config: str | None = None,
    plain_http: bool = False,
    insecure: bool = False,
    ca_file: str = "",
    cert_file: str = "",
    key_file: str = "",
    username: str = "",
    password: str = "",
    with_prov: bool = False,
    ignore_missing_prov: bool = False,
    out: IO[str] | None = None,
) -> PullResult:
    """Pull ``oci://...`` with a one-off client (the hook ``pull``/``show``/``template``/``install`` use).

    Arguments are the registry flags of those commands; see :meth:`Client.pull`.
    """
    with client_from_settings(
        registry_config=registry_config, plain_http=plain_http, insecure=insecure, ca_file=ca_file,
        cert_file=cert_file, key_file=key_file, username=username, password=password, out=out,
    ) as client:  # fmt: skip
        return client.pull(ref, version=version, with_prov=with_prov, ignore_missing_prov=ignore_missing_prov)


def stdout() -> IO[str]:
    """The stream Helm's CLI gives its registry client."""
    return sys.stdout
