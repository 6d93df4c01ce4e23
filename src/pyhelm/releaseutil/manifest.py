"""Splitting rendered templates into manifests and hooks, sorted in Helm's install order.

Follows Helm v4 ``pkg/release/v1/util`` (``SplitManifests``, ``SortManifests``,
``kind_sorter.go``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from pyhelm.codec import gostruct

HOOK_ANNOTATION = "helm.sh/hook"
HOOK_WEIGHT_ANNOTATION = "helm.sh/hook-weight"
HOOK_DELETE_ANNOTATION = "helm.sh/hook-delete-policy"
HOOK_OUTPUT_LOG_ANNOTATION = "helm.sh/hook-output-log-policy"

# Hook event names Helm accepts in the helm.sh/hook annotation ("test-success" is Helm 2's "test").
HOOK_EVENTS = {
    "pre-install": "pre-install",
    "post-install": "post-install",
    "pre-delete": "pre-delete",
    "post-delete": "post-delete",
    "pre-upgrade": "pre-upgrade",
    "post-upgrade": "post-upgrade",
    "pre-rollback": "pre-rollback",
    "post-rollback": "post-rollback",
    "test": "test",
    "test-success": "test",
}

INSTALL_ORDER: tuple[str, ...] = (
    "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
    "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
    "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
    "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
    "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
    "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
    "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
    "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
)  # fmt: skip

UNINSTALL_ORDER: tuple[str, ...] = (
    "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "Ingress",
    "IngressClass", "Service", "CronJob", "Job", "StatefulSet", "HorizontalPodAutoscaler",
    "Deployment", "ReplicaSet", "ReplicationController", "Pod", "DaemonSet", "RoleBindingList",
    "RoleBinding", "RoleList", "Role", "ClusterRoleBindingList", "ClusterRoleBinding",
    "ClusterRoleList", "ClusterRole", "CustomResourceDefinition", "PersistentVolumeClaim",
    "PersistentVolume", "StorageClass", "ConfigMap", "SecretList", "Secret", "ServiceAccount",
    "PodDisruptionBudget", "PodSecurityPolicy", "LimitRange", "ResourceQuota", "NetworkPolicy",
    "Namespace", "PriorityClass",
)  # fmt: skip

# Go's regexp "\s" is [\t\n\f\r ]; Python's is wider, so spell it out.  Helm splits on
# "(?:^|\s*\n)---\s*"; _separator_split finds the same matches without a regex, whose
# backtracking over indentation made it quadratic in whitespace runs.
_SEPARATOR = re.compile(r"(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*")
_RE_SPACE = "\t\n\f\r "
# unicode.IsSpace: Go's space test used by strings.TrimLeftFunc.
_GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


class ManifestError(Exception):
    """A rendered manifest is not valid YAML (``YAML parse error on <file>: ...``)."""


@dataclass(frozen=True)
class SimpleHead:
    """The part of a manifest Helm reads to sort it: apiVersion, kind, name, annotations."""

    version: str = ""
    kind: str = ""
    name: str = ""
    annotations: dict[str, str] | None = None
    has_metadata: bool = False


@dataclass
class Manifest:
    """One YAML document of a rendered template: ``name`` is the template path."""

    name: str
    content: str
    head: SimpleHead


@dataclass
class Hook:
    """A hook manifest (Helm ``release.Hook``) before it is run."""

    name: str
    kind: str
    path: str
    manifest: str
    events: list[str] = field(default_factory=list)
    weight: int = 0
    delete_policies: list[str] = field(default_factory=list)
    output_log_policies: list[str] = field(default_factory=list)


def split_manifests(text: str) -> list[str]:
    """Split a YAML stream on ``---`` lines, as Helm's ``SplitManifests`` does.

    Returns the documents in order, each with leading whitespace removed; empty
    pieces are dropped.
    """
    docs = []
    for piece in _separator_split(text.lstrip(_GO_SPACE)):
        if piece == "":
            continue
        docs.append(piece.lstrip(_GO_SPACE))
    return docs


def _separator_split(text: str) -> list[str]:
    """``_SEPARATOR.split(text)`` in linear time (same leftmost, non-overlapping matches).

    A match is ``---`` at the very start, or ``\n---`` together with the blanks before it
    (back to the end of the previous match) and, in both cases, the blanks after it.
    """
    n = len(text)
    pieces: list[str] = []
    prev = 0  # end of the previous match: the next piece starts there
    if text.startswith("---"):
        prev = _skip_space(text, 3, n)
        pieces.append("")
    i = text.find("\n---", prev)
    while i >= 0:
        start = i
        while start > prev and text[start - 1] in _RE_SPACE:
            start -= 1
        pieces.append(text[prev:start])
        prev = _skip_space(text, i + 4, n)
        i = text.find("\n---", prev)
    pieces.append(text[prev:])
    return pieces


def _skip_space(text: str, i: int, n: int) -> int:
    while i < n and text[i] in _RE_SPACE:
        i += 1
    return i


# Chart API v3's separator: "---" alone (or followed by blanks) at a line start; the
# preceding document keeps its trailing newlines.
_LINE_SEPARATOR = re.compile(r"^---(?:[ \t]+|\r?$)", re.MULTILINE)


def split_manifests_by_line(text: str) -> list[str]:
    """Split on ``---`` lines keeping each document's trailing whitespace.

    Follows Helm's ``pkg/release/util.SplitManifests`` (the Chart v3 splitter), which
    ``helm template --show-only`` applies to the printed stream.
    """
    docs = []
    for piece in _LINE_SEPARATOR.split(text.lstrip(_GO_SPACE)):
        if piece.strip(_GO_SPACE) == "":
            continue
        docs.append(piece.lstrip(_GO_SPACE))
    return docs


def _go_atoi(text: str) -> int:
    """strconv.Atoi: optional sign and decimal digits only; anything else fails (→ 0 here)."""
    if re.fullmatch(r"[+-]?[0-9]+", text or "") is None:
        return 0
    value = int(text)
    return value if -(2**63) <= value < 2**63 else 0


def parse_head(doc: str, path: str) -> SimpleHead:
    """Decode a document's head like ``yaml.Unmarshal(doc, &SimpleHead{})``.

    Results are cached by document text: a chart rendered again with the same values
    yields the same documents. Raises :class:`ManifestError` worded as Helm's
    ``YAML parse error on <path>: ...``.
    """
    try:
        return _head_of(doc)
    except _HeadError as err:
        raise ManifestError(f"YAML parse error on {path}: {err}") from err


class _HeadError(Exception):
    """A document's head could not be decoded; the message lacks the file name."""


gostruct.register("SimpleHead", [("apiVersion", "string"), ("kind", "string"), ("metadata", "*")])
gostruct.register(
    "",  # SimpleHead's anonymous metadata struct
    [("name", "string"), ("annotations", "map[string]string")],
    {"*": 'struct { Name string "json:\\"name\\""; Annotations map[string]string "json:\\"annotations\\"" }'},
)


@functools.lru_cache(maxsize=8192)
def _head_of(doc: str) -> SimpleHead:
    from pyhelm.codec import yaml as helm_yaml

    try:
        fields = gostruct.decode(helm_yaml.load_go(doc), "SimpleHead", "util.SimpleHead")
    except helm_yaml.YAMLError as err:
        raise _HeadError(f"error converting YAML to JSON: {err}") from err
    except gostruct.GoStructError as err:
        raise _HeadError(str(err)) from err
    metadata = fields.get("metadata")
    if metadata is None:
        return SimpleHead(fields.get("apiVersion", ""), fields.get("kind", ""))
    return SimpleHead(
        fields.get("apiVersion", ""),
        fields.get("kind", ""),
        metadata.get("name", ""),
        metadata.get("annotations"),
        True,
    )


def sort_manifests(
    files: dict[str, str], ordering: tuple[str, ...] = INSTALL_ORDER
) -> tuple[list[Hook], list[Manifest]]:
    """Split rendered files into hooks and plain manifests, each sorted by kind.

    ``files`` maps template paths to rendered text (partials and blank files are
    skipped). Follows Helm's ``SortManifests``: files in path order, documents in
    file order, then a stable sort by ``ordering`` (unknown kinds last, by name).

    Raises :class:`ManifestError` for a document that is not valid YAML.
    """
    hooks: list[Hook] = []
    generic: list[Manifest] = []
    for path in sorted(files):
        content = files[path]
        if path.rsplit("/", 1)[-1].startswith("_") or not content.strip(_GO_SPACE):
            continue
        for doc in split_manifests(content):
            head = parse_head(doc, path)
            hook_types = (head.annotations or {}).get(HOOK_ANNOTATION)
            if hook_types is None:
                generic.append(Manifest(path, doc, head))
                continue
            hook = _make_hook(head, path, doc, hook_types)
            if hook is not None:
                hooks.append(hook)
    return sort_by_kind(hooks, ordering, lambda h: h.kind), sort_by_kind(generic, ordering, lambda m: m.head.kind)


def _make_hook(head: SimpleHead, path: str, doc: str, hook_types: str) -> Hook | None:
    annotations = head.annotations or {}
    hook = Hook(
        name=head.name,
        kind=head.kind,
        path=path,
        manifest=doc,
        weight=_go_atoi(annotations.get(HOOK_WEIGHT_ANNOTATION, "")),
    )
    for hook_type in hook_types.split(","):
        event = HOOK_EVENTS.get(hook_type.strip().lower())
        if event is None:
            return None  # Helm skips a document naming an unknown hook
        hook.events.append(event)
    for annotation, target in (
        (HOOK_DELETE_ANNOTATION, hook.delete_policies),
        (HOOK_OUTPUT_LOG_ANNOTATION, hook.output_log_policies),
    ):
        if annotation in annotations:
            target.extend(p.strip().lower() for p in annotations[annotation].split(","))
    return hook


def sort_by_kind(items: list[Any], ordering: tuple[str, ...], kind_of: Any) -> list[Any]:
    """Stable sort by kind position in ``ordering``; unknown kinds last, alphabetically."""
    index = {kind: i for i, kind in enumerate(ordering)}
    unknown = len(ordering)

    def key(item: Any) -> tuple[int, str]:
        kind = kind_of(item)
        position = index.get(kind)
        return (position, "") if position is not None else (unknown, kind)

    return sorted(items, key=key)
