"""Kubeconfig loading as kubectl (client-go ``clientcmd``) and Helm do it.

Helm builds its Kubernetes client from ``genericclioptions.ConfigFlags``: the kubeconfig
files (``--kubeconfig``, else every file in ``KUBECONFIG``, else ``~/.kube/config``) are
merged, a context is chosen (``--kube-context`` or ``current-context``), and the flags
``--kube-apiserver``, ``--kube-token``, ``--kube-as-user``, ``--kube-as-group``,
``--kube-ca-file``, ``--kube-insecure-skip-tls-verify`` and ``--kube-tls-server-name``
override what the context says. With no kubeconfig at all, the in-cluster service
account is used when present; otherwise the server defaults to ``http://localhost:8080``
(as Helm's ``ClusterDefaults``).

:func:`resolve` does all of that and returns a :class:`ResolvedConfig`; its
:meth:`ResolvedConfig.client_configuration` hands the result to the ``kubernetes``
library, which does the authentication work (tokens, token files, client
certificates, exec plugins, OIDC/GCP auth providers, in-cluster token refresh).
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

__all__ = [
    "KubeConfigError",
    "KubeOptions",
    "ResolvedConfig",
    "default_kubeconfig_paths",
    "load_kubeconfig_files",
    "resolve",
]

DEFAULT_SERVER = "http://localhost:8080"
IN_CLUSTER_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token"
IN_CLUSTER_CA = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"
IN_CLUSTER_NAMESPACE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"


class KubeConfigError(Exception):
    """The kubeconfig cannot be used; ``str(err)`` is client-go's message.

    Helm reports these behind ``kubernetes cluster unreachable: ``.
    """


@dataclass
class KubeOptions:
    """Helm's Kubernetes flags (``--kubeconfig``, ``--kube-*``, ``--namespace``).

    Every field left ``None``/empty means "not given". ``namespace`` is the
    ``--namespace`` flag; ``burst_limit``/``qps`` are client-side throttling.
    """

    kubeconfig: str | None = None
    context: str | None = None
    apiserver: str | None = None
    token: str | None = None
    as_user: str | None = None
    as_groups: list[str] = field(default_factory=list)
    ca_file: str | None = None
    insecure_skip_tls_verify: bool = False
    tls_server_name: str | None = None
    namespace: str | None = None
    burst_limit: int = 100
    qps: float = 0.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> KubeOptions:
        """Options from Helm's environment variables, then ``overrides`` (flags) on top.

        Reads ``HELM_NAMESPACE``, ``HELM_KUBECONTEXT``, ``HELM_KUBETOKEN``,
        ``HELM_KUBEASUSER``, ``HELM_KUBEASGROUPS`` (comma-separated),
        ``HELM_KUBEAPISERVER``, ``HELM_KUBECAFILE``, ``HELM_KUBEINSECURE_SKIP_TLS_VERIFY``,
        ``HELM_KUBETLS_SERVER_NAME``, ``HELM_BURST_LIMIT`` and ``HELM_QPS`` as Helm's
        ``cli.New()`` does. ``KUBECONFIG`` is read later, by :func:`resolve`.
        Raises ValueError for unparsable numbers.
        """
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            return env.get(name) or None

        groups = get("HELM_KUBEASGROUPS")
        opts = cls(
            context=get("HELM_KUBECONTEXT"),
            token=get("HELM_KUBETOKEN"),
            as_user=get("HELM_KUBEASUSER"),
            as_groups=[g for g in groups.split(",")] if groups else [],
            apiserver=get("HELM_KUBEAPISERVER"),
            ca_file=get("HELM_KUBECAFILE"),
            insecure_skip_tls_verify=_env_bool(get("HELM_KUBEINSECURE_SKIP_TLS_VERIFY")),
            tls_server_name=get("HELM_KUBETLS_SERVER_NAME"),
            namespace=get("HELM_NAMESPACE"),
            burst_limit=int(get("HELM_BURST_LIMIT") or 100),
            qps=float(get("HELM_QPS") or 0),
        )
        for key, value in overrides.items():
            if not hasattr(opts, key):
                raise TypeError(f"unknown kube option {key!r}")
            if value is not None:
                setattr(opts, key, value)
        return opts


def _env_bool(value: str | None) -> bool:
    """Go ``strconv.ParseBool`` leniency as Helm's envBoolOr uses it (bad values → false)."""
    return (value or "").strip() in ("1", "t", "T", "TRUE", "true", "True")


# ---------------------------------------------------------------------------
# loading and merging
# ---------------------------------------------------------------------------


def default_kubeconfig_paths(environ: Mapping[str, str] | None = None) -> list[str]:
    """The files kubectl reads without ``--kubeconfig``.

    Returns the entries of ``KUBECONFIG`` (split on ``os.pathsep``, empty entries and
    duplicates dropped) or, when it is unset or empty, ``[~/.kube/config]``.
    """
    env = os.environ if environ is None else environ
    value = env.get("KUBECONFIG", "")
    if value:
        seen: list[str] = []
        for entry in value.split(os.pathsep):
            if entry and entry not in seen:
                seen.append(entry)
        return seen
    home = env.get("HOME") or os.path.expanduser("~")
    return [os.path.join(home, ".kube", "config")]


_LIST_SECTIONS = ("clusters", "contexts", "users")


def _read_file(path: str) -> dict[str, Any] | None:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise KubeConfigError(f"error loading config file \"{path}\": {err}") from err
    if data is None:
        return None
    if not isinstance(data, dict):
        raise KubeConfigError(f"error loading config file \"{path}\": not a kubeconfig mapping")
    return data


def _absolutize(entry: dict[str, Any], keys: tuple[str, ...], base: str) -> None:
    for key in keys:
        value = entry.get(key)
        if isinstance(value, str) and value and not os.path.isabs(value):
            entry[key] = os.path.join(base, value)


def _resolve_paths(section: str, body: dict[str, Any], base: str) -> None:
    """Make file references relative to the kubeconfig's folder absolute (clientcmd ResolvePaths)."""
    if section == "clusters":
        _absolutize(body, ("certificate-authority",), base)
    elif section == "users":
        _absolutize(body, ("client-certificate", "client-key", "tokenFile"), base)
        exec_cfg = body.get("exec")
        if isinstance(exec_cfg, dict):
            command = exec_cfg.get("command")
            # client-go resolves an exec command only when it names a relative path.
            if isinstance(command, str) and os.sep in command and not os.path.isabs(command):
                exec_cfg["command"] = os.path.join(base, command)


def load_kubeconfig_files(paths: list[str], *, must_exist: bool = False) -> dict[str, Any]:
    """Read and merge kubeconfig files with kubectl's precedence rules.

    Args:
        paths: files in precedence order (missing ones are skipped unless ``must_exist``).
        must_exist: raise for a missing file (an explicit ``--kubeconfig``).

    Returns a kubeconfig dict with ``clusters``/``contexts``/``users`` lists: the
    first file to define a name wins, ``current-context`` and ``preferences`` come
    from the first file that sets them; relative file references are made absolute
    against the folder of the file that holds them.
    Raises :class:`KubeConfigError` (``stat PATH: no such file or directory`` for a
    missing explicit file, or a YAML error).
    """
    merged: dict[str, Any] = {"apiVersion": "v1", "kind": "Config"}
    for section in _LIST_SECTIONS:
        merged[section] = []
    names: dict[str, set[str]] = {s: set() for s in _LIST_SECTIONS}
    for path in paths:
        if not os.path.exists(path):
            if must_exist:
                raise KubeConfigError(f"stat {path}: no such file or directory")
            continue
        data = _read_file(path)
        if not data:
            continue
        base = os.path.dirname(os.path.abspath(path))
        for section in _LIST_SECTIONS:
            for item in data.get(section) or []:
                if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                    continue
                if item["name"] in names[section]:
                    continue
                item = copy.deepcopy(item)
                key = section[:-1] if section != "users" else "user"
                body = item.get(key)
                if isinstance(body, dict):
                    _resolve_paths(section, body, base)
                names[section].add(item["name"])
                merged[section].append(item)
        for key in ("current-context", "preferences"):
            if data.get(key) and key not in merged:
                merged[key] = data[key]
    return merged


def _find(config: dict[str, Any], section: str, name: str) -> dict[str, Any] | None:
    key = {"clusters": "cluster", "contexts": "context", "users": "user"}[section]
    for item in config.get(section) or []:
        if item.get("name") == name:
            body = item.get(key)
            return dict(body) if isinstance(body, dict) else {}
    return None


# ---------------------------------------------------------------------------
# resolving one context
# ---------------------------------------------------------------------------


@dataclass
class ResolvedConfig:
    """A context resolved with Helm's overrides applied: everything a client needs.

    ``cluster`` and ``user`` are kubeconfig entries (kubeconfig key names:
    ``server``, ``certificate-authority``, ``token``, ``exec``...). ``namespace`` is
    the namespace Helm acts in (flag > context > ``default``; the service account's
    namespace in-cluster). ``in_cluster`` tells the in-cluster service account is used.
    """

    context_name: str
    cluster: dict[str, Any]
    user: dict[str, Any]
    namespace: str
    cluster_name: str = ""
    user_name: str = ""
    namespace_from_flag: bool = False
    in_cluster: bool = False
    in_cluster_server: str = ""
    impersonate_user: str | None = None
    impersonate_groups: list[str] = field(default_factory=list)
    qps: float = 0.0
    burst: int = 100

    @property
    def host(self) -> str:
        """The API server URL (no trailing slash)."""
        return str(self.cluster.get("server") or DEFAULT_SERVER).rstrip("/")

    def client_configuration(self) -> Any:
        """A ``kubernetes.client.Configuration`` for this context.

        Authentication is done by the ``kubernetes`` library's loaders (tokens, token
        files, client certificates, exec plugins, auth providers; the in-cluster
        loader refreshes the service-account token). Raises :class:`KubeConfigError`
        when the library rejects the entries.
        """
        from kubernetes import client as kclient
        from kubernetes.config.config_exception import ConfigException
        from kubernetes.config.incluster_config import InClusterConfigLoader
        from kubernetes.config.kube_config import KubeConfigLoader

        self.validate()
        conf = kclient.Configuration()
        try:
            if self.in_cluster:
                self._load_in_cluster(conf, InClusterConfigLoader)
            else:
                single = {
                    "apiVersion": "v1",
                    "kind": "Config",
                    "clusters": [{"name": "cluster", "cluster": dict(self.cluster, server=self.host)}],
                    "users": [{"name": "user", "user": self.user}],
                    "contexts": [{"name": "ctx", "context": {"cluster": "cluster", "user": "user"}}],
                    "current-context": "ctx",
                }
                KubeConfigLoader(config_dict=single, config_base_path="").load_and_set(conf)
        except ConfigException as err:
            raise KubeConfigError(f"invalid configuration: {err}") from err
        if self.cluster.get("insecure-skip-tls-verify"):
            conf.verify_ssl = False
        if conf.host.startswith("http://"):
            conf.verify_ssl = True
        return conf

    def _load_in_cluster(self, conf: Any, loader: Any) -> None:
        """The service-account loader (token re-read as it rotates), then the flag overrides."""
        from urllib.parse import urlsplit

        parts = urlsplit(self.in_cluster_server)
        env = {"KUBERNETES_SERVICE_HOST": parts.hostname or "", "KUBERNETES_SERVICE_PORT": str(parts.port or 443)}
        loader(token_filename=IN_CLUSTER_TOKEN, cert_filename=IN_CLUSTER_CA, environ=env).load_and_set(conf)
        conf.host = self.host
        if self.user.get("token"):
            conf.api_key = {"BearerToken": f"Bearer {self.user['token']}"}
            conf.refresh_api_key_hook = None
        if self.cluster.get("certificate-authority"):
            conf.ssl_ca_cert = self.cluster["certificate-authority"]
        if self.cluster.get("tls-server-name"):
            conf.tls_server_name = self.cluster["tls-server-name"]

    def validate(self) -> None:
        """client-go's ``DirectClientConfig.ConfirmUsable`` checks of the cluster and user entries.

        Raises :class:`KubeConfigError` ``invalid configuration: ...`` (several problems
        are listed in brackets, as client-go aggregates them).
        """
        problems = _cluster_problems(self.cluster, self.cluster_name)
        problems += _user_problems(self.user, self.user_name)
        if len(problems) == 1:
            raise KubeConfigError(f"invalid configuration: {problems[0]}")
        if problems:
            raise KubeConfigError(f"invalid configuration: [{', '.join(problems)}]")

    def default_headers(self) -> dict[str, str]:
        """The ``Impersonate-User`` header for ``--kube-as-user`` (or the context's ``as``)."""
        headers: dict[str, str] = {}
        if self.impersonate_user:
            headers["Impersonate-User"] = self.impersonate_user
        # Groups need one header line each: see KubeClient, which adds them per request.
        return headers


def _open_problem(path: str) -> str | None:
    """Go's ``os.Open`` error text for ``path`` (``open PATH: no such file or directory``), or None."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as err:
        reason = os.strerror(err.errno or 0)
        return f"open {path}: {reason[:1].lower()}{reason[1:]}"
    os.close(fd)
    return None


def _cluster_problems(cluster: dict[str, Any], name: str) -> list[str]:
    problems = []
    ca = cluster.get("certificate-authority")
    if cluster.get("insecure-skip-tls-verify") and (ca or cluster.get("certificate-authority-data")):
        problems.append("specifying a root certificates file with the insecure flag is not allowed")
    if ca:
        err = _open_problem(str(ca))
        if err:
            problems.append(f"unable to read certificate-authority {ca} for {name} due to {err}")
    return problems


def _user_problems(user: dict[str, Any], name: str) -> list[str]:
    problems = []
    cert, key = user.get("client-certificate"), user.get("client-key")
    has_cert = bool(cert or user.get("client-certificate-data"))
    has_key = bool(key or user.get("client-key-data"))
    if has_cert or has_key:
        if not has_cert:
            problems.append(f"client-cert-data or client-cert must be specified for {name} "
                            "to use the clientCert authentication method.")
        if not has_key:
            problems.append(f"client-key-data or client-key must be specified for {name} "
                            "to use the clientCert authentication method.")
        for label, path in (("client-cert", cert), ("client-key", key)):
            err = _open_problem(str(path)) if path else None
            if err:
                problems.append(f"unable to read {label} {path} for {name} due to {err}")
    exec_cfg = user.get("exec")
    if isinstance(exec_cfg, dict):
        if user.get("auth-provider"):
            problems.append(f"authProvider cannot be provided in combination with an exec plugin for {name}")
        if not exec_cfg.get("command"):
            problems.append(f"command must be specified for {name} to use exec authentication plugin")
        if not exec_cfg.get("apiVersion"):
            problems.append(f"apiVersion must be specified for {name} to use exec authentication plugin")
    return problems


def _in_cluster_available(environ: Mapping[str, str]) -> bool:
    return bool(
        environ.get("KUBERNETES_SERVICE_HOST")
        and environ.get("KUBERNETES_SERVICE_PORT")
        and os.path.exists(IN_CLUSTER_TOKEN)
    )


def _in_cluster(options: KubeOptions, environ: Mapping[str, str]) -> ResolvedConfig:
    host = environ["KUBERNETES_SERVICE_HOST"]
    if ":" in host:
        host = f"[{host}]"
    cluster: dict[str, Any] = {
        "server": f"https://{host}:{environ['KUBERNETES_SERVICE_PORT']}",
        "certificate-authority": IN_CLUSTER_CA,
    }
    namespace = "default"
    try:
        with open(IN_CLUSTER_NAMESPACE, encoding="utf-8") as f:
            namespace = f.read().strip() or "default"
    except OSError:
        pass
    user: dict[str, Any] = {"tokenFile": IN_CLUSTER_TOKEN}
    resolved = ResolvedConfig("", cluster, user, namespace, in_cluster=True,
                              in_cluster_server=cluster["server"])
    return _apply_overrides(resolved, options)


def resolve(options: KubeOptions | None = None, environ: Mapping[str, str] | None = None) -> ResolvedConfig:
    """Resolve the kubeconfig and Helm's flags into one :class:`ResolvedConfig`.

    Args:
        options: Helm's kube flags (defaults: none given).
        environ: the environment (``KUBECONFIG``, ``HOME``, in-cluster variables);
            defaults to ``os.environ``.

    Follows client-go's ``DeferredLoadingClientConfig``: with an explicit
    ``--kubeconfig`` only that file is read (it must exist); otherwise the
    ``KUBECONFIG`` files or ``~/.kube/config``. When those yield nothing usable and
    no flag names a server, context or kubeconfig, the in-cluster service account is
    used if the pod environment is present.

    Raises :class:`KubeConfigError` with client-go's messages, e.g.
    ``context "NAME" does not exist``, ``stat PATH: no such file or directory``.
    """
    opts = options or KubeOptions()
    env = os.environ if environ is None else environ
    if opts.kubeconfig:
        config = load_kubeconfig_files([opts.kubeconfig], must_exist=True)
    else:
        config = load_kubeconfig_files(default_kubeconfig_paths(env))
    empty = not any(config[s] for s in _LIST_SECTIONS) and not config.get("current-context")
    if empty and not (opts.kubeconfig or opts.apiserver or opts.context) and _in_cluster_available(env):
        return _in_cluster(opts, env)
    context_name = opts.context or config.get("current-context") or ""
    context: dict[str, Any] = {}
    if context_name:
        found = _find(config, "contexts", context_name)
        if found is None:
            if opts.context:
                raise KubeConfigError(f'context "{context_name}" does not exist')
            found = {}
        context = found
    cluster = _find(config, "clusters", str(context.get("cluster") or "")) or {}
    user = _find(config, "users", str(context.get("user") or "")) or {}
    cluster = copy.deepcopy(cluster)
    user = copy.deepcopy(user)
    if not cluster.get("server") and not opts.apiserver:
        cluster["server"] = DEFAULT_SERVER
    namespace = str(context.get("namespace") or "") or "default"
    resolved = ResolvedConfig(
        context_name, cluster, user, namespace,
        cluster_name=str(context.get("cluster") or ""), user_name=str(context.get("user") or ""),
    )
    resolved.impersonate_user = user.get("as") or None
    resolved.impersonate_groups = list(user.get("as-groups") or [])
    return _apply_overrides(resolved, opts)


def _apply_overrides(resolved: ResolvedConfig, opts: KubeOptions) -> ResolvedConfig:
    """Apply Helm's ``--kube-*`` flags on top of the context (clientcmd ConfigOverrides)."""
    cluster, user = resolved.cluster, resolved.user
    if opts.apiserver:
        cluster["server"] = opts.apiserver
    if opts.insecure_skip_tls_verify or opts.ca_file:
        # client-go: a CA or insecure override replaces all three TLS trust settings.
        cluster.pop("certificate-authority-data", None)
        cluster.pop("certificate-authority", None)
        cluster.pop("insecure-skip-tls-verify", None)
        if opts.ca_file:
            cluster["certificate-authority"] = opts.ca_file
        if opts.insecure_skip_tls_verify:
            cluster["insecure-skip-tls-verify"] = True
    if opts.tls_server_name:
        cluster["tls-server-name"] = opts.tls_server_name
    if opts.token:
        user["token"] = opts.token
        for key in ("tokenFile", "exec", "auth-provider", "username", "password"):
            user.pop(key, None)
    if opts.as_user:
        resolved.impersonate_user = opts.as_user
    if opts.as_groups:
        resolved.impersonate_groups = list(opts.as_groups)
    if opts.namespace:
        resolved.namespace = opts.namespace
        resolved.namespace_from_flag = True
    resolved.qps = opts.qps
    resolved.burst = opts.burst_limit
    return resolved
