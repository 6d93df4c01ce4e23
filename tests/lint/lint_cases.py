"""Broken (and a few good) charts for the lint differential tests: ``{case id: {path: text}}``."""

from __future__ import annotations

GOOD_CHART = "apiVersion: v2\nname: demo\nversion: 0.1.0\nicon: https://example.com/icon.png\n"
DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  selector:
    matchLabels:
      app: x
  template:
    metadata:
      labels:
        app: x
    spec:
      containers:
        - name: c
          image: nginx
"""


_EXTENSIONS = ("yaml", "yml", "tpl", "txt", "json", "md")


def _path(key: str) -> str:
    """``templates__a_yaml`` → ``templates/a.yaml``: ``__`` is ``/``, a final ``_ext`` is ``.ext``."""
    path = key.replace("__", "/")
    head, _, ext = path.rpartition("_")
    if head and not head.endswith("/") and ext.lower() in _EXTENSIONS:
        return f"{head}.{ext}"
    return path


def chart(chart_yaml: str = GOOD_CHART, values: str | None = "", **files: str) -> dict[str, str]:
    """A chart's files; keyword names spell paths as ``templates__a_yaml`` (``templates/a.yaml``)."""
    out = {"Chart.yaml": chart_yaml}
    if values is not None:
        out["values.yaml"] = values
    out.update({_path(k): v for k, v in files.items()})
    return out


def _md(extra: str) -> str:
    return GOOD_CHART + extra


CHARTFILE_CASES = {
    "no-name": chart("apiVersion: v2\nversion: 0.1.0\n"),
    "upper-name": chart("apiVersion: v2\nname: Demo\nversion: 0.1.0\n"),
    "slash-name": chart("apiVersion: v2\nname: a/b\nversion: 0.1.0\n"),
    "underscore-name": chart("apiVersion: v2\nname: my_chart\nversion: 0.1.0\n"),
    "no-api": chart("name: demo\nversion: 0.1.0\n"),
    "bad-api": chart("apiVersion: v3\nname: demo\nversion: 0.1.0\n"),
    "v1-type": chart("apiVersion: v1\nname: demo\nversion: 0.1.0\ntype: application\n"),
    "bad-type": chart("apiVersion: v2\nname: demo\nversion: 0.1.0\ntype: foo\n"),
    "no-version": chart("apiVersion: v2\nname: demo\n"),
    "bad-version": chart("apiVersion: v2\nname: demo\nversion: one\n"),
    "loose-version": chart("apiVersion: v2\nname: demo\nversion: v1.2\n"),
    "zero-version": chart("apiVersion: v2\nname: demo\nversion: 0.0.0\n"),
    "prerelease-zero": chart("apiVersion: v2\nname: demo\nversion: 0.0.0-0\n"),
    "number-version": chart("apiVersion: v2\nname: demo\nversion: 1.0\n"),
    "number-appversion": chart(_md("appVersion: 1.10\n")),
    "bool-appversion": chart(_md("appVersion: true\n")),
    "list-appversion": chart(_md("appVersion: [1]\n")),
    "null-appversion": chart(_md("appVersion:\n")),
    "maintainer-empty": chart(_md("maintainers:\n- \n")),
    "maintainer-no-name": chart(_md("maintainers:\n- email: a@b.com\n")),
    "maintainer-bad-email": chart(_md("maintainers:\n- name: me\n  email: not-an-email\n")),
    "maintainer-good": chart(
        _md("maintainers:\n- name: me\n  email: me@example.com\n  url: https://example.com/me\n")
    ),
    "maintainer-bad-url": chart(_md("maintainers:\n- name: me\n  url: not a url\n")),
    "maintainer-host-url": chart(_md("maintainers:\n- name: me\n  url: example.com/path\n")),
    "sources-bad": chart(_md("sources:\n- example.com\n")),
    "sources-empty": chart(_md("sources:\n- ''\n")),
    "sources-good": chart(_md("sources:\n- https://github.com/x/y\n- git://x/y\n")),
    "icon-bad": chart("apiVersion: v2\nname: demo\nversion: 0.1.0\nicon: icon.png\n"),
    "icon-relative": chart("apiVersion: v2\nname: demo\nversion: 0.1.0\nicon: /icon.png\n"),
    "v1-deps": chart(
        "apiVersion: v1\nname: demo\nversion: 0.1.0\ndependencies:\n- name: x\n  version: 1.0.0\n"
    ),
    "unknown-field": chart(_md("foo: bar\n")),
    "duplicate-key": chart(_md("name: again\n")),
    "unknown-fields-sorted": chart(_md("zeta: 1\nalpha: 2\n")),
    "unknown-maintainer-field": chart(_md("maintainers:\n- name: a\n  foo: b\n")),
    "unknown-dependency-field": chart(_md("dependencies:\n- name: a\n  version: 1.0.0\n  bar: 1\n")),
    "field-other-case": chart(_md("NAME: x\nzzz: 1\n")),
    "duplicate-nested-key": chart(_md("maintainers:\n- name: a\n  name: b\n")),
    "duplicate-and-unknown": chart(_md("home: x\nhome: y\nfoo: 1\n")),
    "known-dependency-fields": chart(
        _md("dependencies:\n- name: a\n  version: 1.0.0\n  import-values: [a]\n  alias: b\n  enabled: true\n")
    ),
    "yaml-error": chart("apiVersion: v2\nname: [demo\nversion: 0.1.0\n"),
    "chartfile-list": chart("- a\n- b\n"),
    "chartfile-empty": chart(""),
    "wrong-field-type": chart(_md("keywords: foo\n")),
    "kubeversion-bad": chart(_md("kubeVersion: '>= foo'\n")),
}

VALUES_CASES = {
    "no-values": chart(
        values=None, templates__cm_yaml="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
    ),
    "values-yaml-error": chart(values="a: [1\n"),
    "values-list": chart(values="- 1\n- 2\n"),
    "values-tabs": chart(values="a:\n\tb: 1\n"),
    "values-multidoc": chart(values="a: 1\n---\nb: 2\n"),
    "schema-fail": chart(
        values="port: foo\n",
        **{
            "values.schema.json": '{"type": "object", "properties": {"port": {"type": "integer"}}, "required": ["name"]}'
        },
    ),
    "schema-ok": chart(
        values="port: 1\n", **{"values.schema.json": '{"properties": {"port": {"type": "integer"}}}'}
    ),
    "schema-empty": chart(values="port: 1\n", **{"values.schema.json": ""}),
    "schema-invalid-json": chart(values="port: 1\n", **{"values.schema.json": "{not json"}),
}

TEMPLATE_CASES = {
    "bad-extension": chart(templates__notes_md="hello", templates__data_json="{}", templates__noext="x"),
    "yaml-parse-error": chart(
        templates__a_yaml="a: b: c\n",
        templates__b_yaml="apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\n",
    ),
    "render-error": chart(templates__a_yaml="{{ .Values.a.b.c }}\n"),
    "parse-error": chart(templates__a_yaml="{{ if }}\n"),
    "fail-and-required": chart(
        templates__a_yaml='{{ fail "boom" }}{{ required "need x" .Values.x }}\nkind: ConfigMap\n'
    ),
    "missing-include": chart(templates__a_yaml='{{ include "nope" . }}\n'),
    "indent": chart(templates__a_yaml="  apiVersion: v1\n  kind: ConfigMap\n"),
    "indent-tab": chart(templates__a_yaml="\n\n\tkind: x\n"),
    "names": chart(
        templates__svc_yaml="apiVersion: v1\nkind: Service\nmetadata:\n  name: 1abc\n",
        templates__ns_yaml="apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a.b\n",
        templates__role_yaml="apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: a/b%c\n",
        templates__role2_yaml="apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ..\n",
        templates__csr_yaml="apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: ANY_thing\n",
        templates__long_yaml="apiVersion: v1\nkind: Service\nmetadata:\n  name: " + "A" * 70 + "\n",
        templates__cm_yaml="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + "a" * 254 + "\n",
        templates__sa_yaml="apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: UPPER\n",
        templates__nokind_yaml="metadata:\n  name: ok\n",
    ),
    "quoted-name": chart(templates__a_yaml='apiVersion: v1\nkind: Pod\nmetadata:\n  name: "a\\tb\\u00e9"\n'),
    "no-selector": chart(
        templates__d_yaml="apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec: {}\n",
        templates__s_yaml="apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n",
    ),
    "list-annotation": chart(
        templates__l_yaml="apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n"
        "    name: x\n    annotations:\n      helm.sh/resource-policy: keep\n",
    ),
    "deprecated": chart(
        templates__a_yaml="apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: x\n---\n"
        "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: y\n---\n"
        "apiVersion: resource.k8s.io/v1beta2\nkind: ResourceClaim\nmetadata:\n  name: z\n---\n"
        "apiVersion: certificates.k8s.io/v1beta1\nkind: ClusterTrustBundle\nmetadata:\n  name: z\n---\n"
        "apiVersion: v1\nkind: ComponentStatus\nmetadata:\n  name: z\n---\n"
        "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n",
    ),
    "multidoc-error-stops": chart(
        templates__a_yaml="apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad\n---\nfoo: [\n---\nkind: Service\n",
        templates__b_yaml="apiVersion: v1\nkind: Service\nmetadata:\n  name: AlsoBad\n",
    ),
    "scalar-doc": chart(templates__a_yaml="just a string\n", templates__b_yaml="- a\n- b\n"),
    "wrong-types": chart(templates__a_yaml="apiVersion: v1\nkind: 5\nmetadata:\n  name: x\n"),
    "metadata-list": chart(templates__a_yaml="apiVersion: v1\nkind: Pod\nmetadata: [1]\n"),
    "empty-docs": chart(templates__a_yaml="---\n# comment\n---\n\n"),
    "partials-and-notes": chart(
        templates___helpers_tpl='{{- define "x" -}}hi{{- end -}}',
        templates__NOTES_txt="{{ .Release.Name }}",
        templates__tests__t_yaml=DEPLOY.format(name="{{ .Release.Name }}-test"),
    ),
    "release-fields": chart(
        templates__a_yaml="apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-{{ .Release.Namespace }}-"
        "{{ .Release.IsInstall }}-{{ .Release.Revision }}-{{ .Capabilities.KubeVersion.Minor }}X\n",
    ),
    "good-deployment": chart(templates__d_yaml=DEPLOY.format(name="web")),
    "uppercase-ext": chart(templates__A_YAML="apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad\n"),
    "templates-file": {"Chart.yaml": GOOD_CHART, "values.yaml": "", "templates": "not a dir"},
    "bad-type-with-templates": chart(
        "apiVersion: v2\nname: demo\nversion: 0.1.0\ntype: foo\n", templates__a_yaml="kind: x\n"
    ),
    "schema-fails-render": chart(
        values="a: 1\n",
        templates__a_yaml="kind: x\n",
        **{"values.schema.json": '{"properties": {"a": {"type": "string"}}}'},
    ),
}

DEPENDENCY_CASES = {
    "missing-dep": chart(_md("dependencies:\n- name: sub\n  version: 0.1.0\n  repository: file://sub\n")),
    "extra-dep": chart(**{"charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n"}),
    "duplicate-deps": chart(
        _md(
            "dependencies:\n- name: sub\n  version: 0.1.0\n- name: sub\n  version: 0.1.0\n- name: other\n  alias: sub\n  version: 1.0.0\n"
        ),
        **{"charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n"},
    ),
    "condition-off": chart(
        _md("dependencies:\n- name: sub\n  version: 0.1.0\n  condition: sub.enabled\n"),
        values="sub:\n  enabled: false\n",
        **{
            "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
            "charts/sub/templates/a.yaml": "{{ .Values.x.y }}\n",
            "templates/a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n",
        },
    ),
    "sub-render-error": chart(
        _md("dependencies:\n- name: sub\n  version: 0.1.0\n"),
        **{
            "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
            "charts/sub/templates/a.yaml": "{{ .Values.x.y }}\n",
        },
    ),
}

CRD_CASES = {
    "crds-good": chart(
        crds__a_yaml="apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: a.b\n"
    ),
    "crds-bad": chart(
        crds__a_yaml="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: apiextensions.k8s.io/v1\nkind: Foo\n",
        crds__b_yaml="{{ template }}\nkey: [\n",
        crds__c_yaml="a: b\n",
    ),
    "crds-file": chart(crds="not a dir"),
}

EDGE_CASES = {
    "json-doc": chart(
        templates__a_yaml='{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "Bad"}}\n'
    ),
    "json-multi": chart(
        templates__a_yaml='{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "Bad"}}\n{"kind": "Pod", "metadata": {"name": "x_y"}}\n'
    ),
    "json-bad": chart(templates__a_yaml='{"apiVersion": "v1", "kind": \n'),
    "json-indented": chart(templates__a_yaml='  {"kind": "Service", "metadata": {"name": "Bad"}}\n'),
    "json-then-yaml": chart(templates__a_yaml='{"kind": "Pod"}\n---\nkind: Pod\n'),
    "num-version": chart("apiVersion: v2\nname: demo\nversion: 1.0\nicon: https://x/y.png\n"),
    "int-version": chart("apiVersion: v2\nname: demo\nversion: 1\nicon: https://x/y.png\n"),
    "num-name": chart("apiVersion: v2\nname: 12\nversion: 0.1.0\n"),
    "chartyaml-dir": {"Chart.yaml/x": "a", "values.yaml": ""},
    "values-dir": {"Chart.yaml": GOOD_CHART, "values.yaml/x": "a"},
    "helmignored": chart(
        **{
            ".helmignore": "templates/skip.yaml\n",
            "templates/skip.yaml": "a: b: c\n",
            "templates/ok.yaml": "kind: ConfigMap\nmetadata:\n  name: Bad\n",
        }
    ),
    "sub-crds": chart(
        GOOD_CHART + "dependencies:\n- name: sub\n  version: 0.1.0\n",
        **{
            "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
            "charts/sub/crds/x.yaml": "kind: Foo\n",
            "crds/y.yaml": "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n",
        },
    ),
    "sub-crds-only-in-sub": chart(
        GOOD_CHART + "dependencies:\n- name: sub\n  version: 0.1.0\n",
        **{
            "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
            "charts/sub/crds/x.yaml": "kind: Foo\n",
        },
    ),
    "crd-json": chart(crds__a_json='{"apiVersion": "v1", "kind": "X"}'),
    "doc-sep-variants": chart(
        templates__a_yaml="kind: Service\nmetadata:\n  name: A\n--- # c\nkind: Service\nmetadata:\n  name: B\n---x\n"
    ),
    "windows-newlines": chart(templates__a_yaml="kind: Service\r\nmetadata:\r\n  name: A\r\n"),
    "top-indent-after-comment": chart(templates__a_yaml="# hi\n  kind: x\n"),
    "requirements-v1": {
        "Chart.yaml": "apiVersion: v1\nname: demo\nversion: 0.1.0\n",
        "requirements.yaml": "dependencies:\n- name: sub\n  version: 0.1.0\n",
        "values.yaml": "",
    },
    "lib-with-templates": chart(
        "apiVersion: v2\nname: demo\nversion: 0.1.0\ntype: library\n",
        templates__a_yaml="kind: Service\nmetadata:\n  name: Bad\n",
        templates___h_tpl='{{ define "x" }}{{ end }}',
    ),
    "kubeversion-constraint": chart(
        GOOD_CHART + "kubeVersion: '>=1.40.0'\n", templates__a_yaml="kind: ConfigMap\n"
    ),
    "deprecated-chart": chart(GOOD_CHART + "deprecated: true\n"),
    "global-values": chart(values="global:\n  a: 1\n", templates__a_yaml="x: {{ .Values.global.a }}\n"),
    "empty-template": chart(templates__a_yaml="{{/* nothing */}}\n"),
    "list-kind-ok": chart(templates__a_yaml="apiVersion: v1\nkind: List\nitems: []\n"),
    "meta-name-num": chart(templates__a_yaml="apiVersion: v1\nkind: Pod\nmetadata:\n  name: 5\n"),
    "api-num": chart(templates__a_yaml="apiVersion: 1\nkind: Pod\n"),
    "toplevel-null-fields": chart(templates__a_yaml="apiVersion: ~\nkind: ~\nmetadata: ~\n"),
}

JSON_AND_SCALAR_CASES = {
    "json-trailing-garbage": chart(templates__a_yaml='{"kind": "Pod", "metadata": {"name": "A"}}x\n'),
    "json-type-error": chart(templates__a_yaml='{"kind": 5}\n'),
    "json-truncated-second": chart(templates__a_yaml='{"kind": "Pod"} {"kind":\n'),
    "json-bad-literal": chart(templates__a_yaml='{"kind": tru}\n'),
    "json-array-second": chart(templates__a_yaml='{"kind": "Pod"}\n[1, 2]\n'),
    "json-null-second": chart(
        templates__a_yaml='{"kind": "Pod"} null {"kind": "Service", "metadata": {"name": "X"}}\n'
    ),
    "yaml-scalar-names": chart(
        templates__a_yaml="kind: Pod\nmetadata:\n  name: 1e6\n---\nkind: Pod\nmetadata:\n  name: 0x10\n---\n"
        "kind: Pod\nmetadata:\n  name: 1.0\n---\nkind: Pod\nmetadata:\n  name: .5\n---\n"
        "kind: Pod\nmetadata:\n  name: yes\n---\nkind: 12345678901\nmetadata:\n  name: -1.5e-7\n",
    ),
    "json-then-yaml-map": chart(templates__a_yaml='{"kind": "Pod"}\nkind: Service\nmetadata:\n  name: B\n'),
    "json-then-bad-json": chart(templates__a_yaml='{"kind": "Pod"}\n{"kind": tru}\n'),
    "json-metadata-list": chart(templates__a_yaml='{"metadata": [1]}\n'),
    "bad-separator-after-docs": chart(
        templates__a_yaml="kind: Service\nmetadata:\n  name: A\n---x\nkind: Pod\n"
    ),
}

ALL_CASES = {
    **CHARTFILE_CASES,
    **VALUES_CASES,
    **TEMPLATE_CASES,
    **DEPENDENCY_CASES,
    **CRD_CASES,
    **EDGE_CASES,
    **JSON_AND_SCALAR_CASES,
}
