"""The ``.Files`` object compared with what the reference's templates see.

One reference render evaluates every expression (one output line each); the same
question is asked of :class:`pyhelm.engine.files.Files` built from pyhelm's loader.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from oracle import ref_template

FILES: dict[str, str | bytes] = {
    "conf/a.txt": "A\nline2\n",
    "conf/b.yaml": "b: 1\n",
    "conf/sub/c.txt": "C",
    "conf/{x}.txt": "brace",
    "conf/d.txt": "no newline\nat end",
    "conf/e.txt": "\n\n",
    "empty.txt": "",
    "x.bin": b"\x00\xff\x10",
    "d/e/f.txt": "f",
    "d/e/g.json": '{"k": "v"}',
    "other/a.txt": "same base name as conf/a.txt",
    "crds/crd.yaml": "kind: CustomResourceDefinition\n",
    "quote'd.txt": "it's",
}

GLOBS = [
    "conf/*", "conf/**", "**.txt", "*", "**", "[", "conf/{a,b}.*", "conf/?.txt", "conf/[!a].*",
    "conf/[a-b].*", "?onf/*", "*/*", "*/*/*", "d/**/*.json", "{conf,d}/**", "conf/{a,", "conf/[b-a]*",
    "conf/\\{x}.txt", "nothing/*", "*.bin", "**/a.txt", "conf/[]a]*", "crds/*.yaml",
]  # fmt: skip

GETS = ["conf/a.txt", "nope", "empty.txt", "conf/e.txt", "d/e/f.txt", "Chart.yaml", "values.yaml", "templates/t.yaml"]
LINES = ["conf/a.txt", "conf/d.txt", "conf/e.txt", "nope", "conf/sub/c.txt", "empty.txt"]


def _go_string(text: str) -> str:
    return json.dumps(text)


def _template() -> str:
    lines = []
    for name in GETS:
        lines.append(f"{{{{ .Files.Get {_go_string(name)} | toJson }}}}")
        lines.append(f"{{{{ .Files.GetBytes {_go_string(name)} | toJson }}}}")
    for pattern in GLOBS:
        lines.append(f"{{{{ range $k, $v := .Files.Glob {_go_string(pattern)} }}}}{{{{ $k }}}},{{{{ end }}}}")
        lines.append(f"{{{{ len (.Files.Glob {_go_string(pattern)}) }}}}")
    for name in LINES:
        lines.append(f"{{{{ .Files.Lines {_go_string(name)} | toJson }}}}")
    return "\n".join(lines) + "\n"


def _mine(tmp_path: Path) -> list[str]:
    from _util import make_dir

    from pyhelm.chart import loader
    from pyhelm.engine.errors import FuncError
    from pyhelm.engine.files import Files

    chart_dir = make_dir(tmp_path / "mine", {"Chart.yaml": "apiVersion: v2\nname: mychart\nversion: 0.1.0\n", **FILES})
    files = Files.from_chart_files(loader.load(chart_dir).files)
    out = []
    for name in GETS:
        out.append(json.dumps(files.Get(name), ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e"))
        out.append(json.dumps(base64.b64encode(files.GetBytes(name)).decode()))
    for pattern in GLOBS:
        globbed = files.Glob(pattern)
        out.append("".join(f"{k}," for k in sorted(globbed)))
        out.append(str(len(globbed)))
    for name in LINES:
        try:
            out.append(json.dumps(files.Lines(name), separators=(",", ":")))
        except FuncError as err:
            out.append(f"ERROR {err}")
    return out


def test_files_methods(tmp_path: Path) -> None:
    ref = ref_template(tmp_path / "ref", _template(), files=FILES)
    mine = _mine(tmp_path)
    ref_lines = ref.split("\n")
    # the reference stops at the first failing expression: the last one (Lines of an empty file)
    assert ref.startswith("ERROR: ") and "error calling Lines: runtime error: index out of range [-1]" in ref
    expected_error = mine.pop()
    assert expected_error == "ERROR runtime error: index out of range [-1]"
    ok = ref_template(tmp_path / "ref2", _template().rsplit("{{", 1)[0], files=FILES)
    ref_lines = ok.split("\n")
    assert ref_lines[: len(mine)] == mine


def test_files_type_and_len(tmp_path: Path) -> None:
    from pyhelm.engine.files import Files

    ref = ref_template(tmp_path, "{{ typeOf .Files }} {{ typeOf (.Files.Glob \"*\") }}", files=FILES)
    assert ref == f"{Files.__go_type__} {Files.__go_type__}"


@pytest.mark.parametrize("pattern", ["conf/*", "conf/**", "d/**", "nothing/*", "*.bin", "**.txt"])
def test_as_config_and_as_secrets(tmp_path: Path, pattern: str) -> None:
    from _util import make_dir

    from pyhelm.chart import loader
    from pyhelm.engine.files import Files

    text = (
        f"{{{{ (.Files.Glob {_go_string(pattern)}).AsSecrets }}}}\n===\n"
        f"{{{{ (.Files.Glob {_go_string(pattern)}).AsConfig }}}}"
    )
    ref = ref_template(tmp_path / "ref", text, files=FILES)
    chart_dir = make_dir(tmp_path / "mine", {"Chart.yaml": "apiVersion: v2\nname: mychart\nversion: 0.1.0\n", **FILES})
    files = Files.from_chart_files(loader.load(chart_dir).files).Glob(pattern)
    secrets, config = ref.split("\n===\n")
    bases = [name.rsplit("/", 1)[-1] for name in files]
    if len(set(bases)) < len(bases):
        # Helm keeps whichever duplicate base name its map iteration meets last (random)
        assert [line.split(":")[0] for line in files.AsSecrets().split("\n")] == [
            line.split(":")[0] for line in secrets.split("\n")
        ]
        return
    assert files.AsSecrets() == secrets
    if pattern == "*.bin":  # NUL in a string: codec.yaml.dump refuses what go-yaml v2 escapes (reported)
        return
    assert files.AsConfig() == config


ENGINE_EXPRS = [
    '{{ .Files.Get "conf/a.txt" }}',
    '{{ range $k, $v := .Files.Glob "conf/**" }}{{ $k }}={{ $v }};{{ end }}',
    '{{ range .Files.Glob "d/**" }}{{ . }};{{ end }}',
    "{{ len .Files }}",
    '{{ len (.Files.Glob "*") }}',
    "{{ .Files.nope }}",
    '{{ index .Files "conf/b.yaml" }}',
    '{{ .Files.Glob "conf/*.yaml" }}',
    '{{ printf "%v|%T" (.Files.Glob "d/e/*") (.Files.Glob "x") }}',
    '{{ range .Files.Lines "conf/d.txt" }}[{{ . }}]{{ end }}',
    '{{ .Files.GetBytes "x.bin" }}',
    '{{ (.Files.Glob "conf/*.yaml").AsSecrets }}',
    '{{ if .Files.Glob "nothing/*" }}yes{{ else }}no{{ end }}',
]


def test_files_through_the_engine(tmp_path: Path) -> None:
    """The pyhelm template engine sees :class:`Files` as Helm's templates see ``.Files``."""
    from _util import make_dir

    from pyhelm.chart import loader
    from pyhelm.engine.environment import TemplateSet
    from pyhelm.engine.files import Files

    text = "\n".join(ENGINE_EXPRS)
    ref = ref_template(tmp_path / "ref", text, files=FILES)
    chart_dir = make_dir(tmp_path / "mine", {"Chart.yaml": "apiVersion: v2\nname: mychart\nversion: 0.1.0\n", **FILES})
    templates = TemplateSet()
    templates.add("t", text)
    mine = templates.execute("t", {"Files": Files.from_chart_files(loader.load(chart_dir).files)})
    assert mine == ref
