"""The releases Helm's CLI tests preload, rebuilt for the golden cases.

Helm's ``pkg/cmd/*_test.go`` put releases into a memory store before running a
command: hand-written ones (list, status, history) and ``release.Mock`` ones
(``pkg/release/v1/mock.go``: chart ``foo-0.1.0-beta.1``, app version ``1.0``, user values
``name: value``, a pre-install hook, a Secret manifest, deployed on 1977-09-02). This
module builds the same releases with pyhelm's model, keyed by the test case
(``(file, name)`` from ``cases.json``), and preloads them the way Helm's CLI supports:
a ``HELM_MEMORY_DRIVER_DATA`` file with ``HELM_DRIVER=memory``. Release labels are
not part of the record's JSON, so :func:`preload` sets them on the memory driver after
loading the file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pyhelm.chart.model import Chart, Dependency, File, Metadata
from pyhelm.release.codec import encode_release_json
from pyhelm.release.model import GoTime, Hook, HookEvent, HookExecution, HookPhase, Info, Release, Status

MOCK_HOOK = 'apiVersion: v1\nkind: Job\nmetadata:\n  annotations:\n    "helm.sh/hook": pre-install\n'
MOCK_MANIFEST = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: fixture\n"


def unix(seconds: int) -> GoTime:
    """Go ``time.Unix(seconds, 0).UTC()``."""
    return GoTime.from_datetime(dt.datetime.fromtimestamp(seconds, dt.UTC))


def rfc3339(text: str) -> GoTime:
    """Go ``time.Parse(time.RFC3339, text)``."""
    return GoTime.from_datetime(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))


def mock(name: str, version: int = 1, status: Status = Status.DEPLOYED, namespace: str = "default",
         labels: dict[str, str] | None = None) -> Release:
    """Helm's ``release.Mock`` with these options."""
    date = unix(242085845)
    chart = Chart(
        metadata=Metadata(
            name="foo", version="0.1.0-beta.1", app_version="1.0",
            annotations={"category": "web-apps", "supported": "true"},
            dependencies=[
                Dependency(name="cool-plugin", version="1.0.0", repository="https://coolplugin.io/charts",
                           condition="coolPlugin.enabled", enabled=True),
                Dependency(name="crds", version="2.7.1", condition="crds.enabled"),
            ],
        ),
        templates=[File(name="templates/foo.tpl", data=MOCK_MANIFEST.encode(), modtime=unix(242085845))],
    )
    info = Info(first_deployed=date, last_deployed=date, status=status, description="Release mock",
                notes="Some mock release notes!")
    hook = Hook(name="pre-install-hook", kind="Job", path="pre-install-hook.yaml", manifest=MOCK_HOOK,
                last_run=HookExecution(), events=[HookEvent.PRE_INSTALL])
    return Release(name=name, info=info, chart=chart, config={"name": "value"}, version=version,
                   namespace=namespace, hooks=[hook], manifest=MOCK_MANIFEST, labels=labels or None)


# ---------------------------------------------------------------------------
# list_test.go
# ---------------------------------------------------------------------------


def _list_releases() -> list[Release]:
    chart = Chart(metadata=Metadata(name="chickadee", version="1.0.0", app_version="0.0.1"))
    base = 1452902400
    rows = [
        ("starlord", 1, "default", 1, Status.SUPERSEDED),
        ("starlord", 2, "default", 1, Status.DEPLOYED),
        ("groot", 1, "default", 1, Status.UNINSTALLED),
        ("gamora", 1, "default", 1, Status.SUPERSEDED),
        ("rocket", 1, "default", 2, Status.FAILED),
        ("drax", 1, "default", 1, Status.UNINSTALLING),
        ("thanos", 1, "default", 1, Status.PENDING_INSTALL),
        ("hummingbird", 1, "default", 3, Status.DEPLOYED),
        ("iguana", 2, "default", 4, Status.DEPLOYED),
        ("starlord", 2, "milano", 1, Status.DEPLOYED),
    ]
    return [
        Release(name=name, version=version, namespace=ns, chart=chart,
                info=Info(last_deployed=unix(base + offset), status=status))
        for name, version, ns, offset, status in rows
    ]


def _list_single() -> list[Release]:
    """The one release of the ``-o json|yaml`` and ``--time-format`` list cases."""
    chart = Chart(metadata=Metadata(name="test-chart", version="1.0.0", app_version="0.0.1"))
    return [Release(name="test-release", version=1, namespace="default", chart=chart,
                    info=Info(last_deployed=unix(1452902400), status=Status.DEPLOYED))]


# ---------------------------------------------------------------------------
# status_test.go
# ---------------------------------------------------------------------------


def _status(info: Info, hooks: list[Hook] | None = None) -> list[Release]:
    info.last_deployed = unix(1452902400)
    chart = Chart(metadata=Metadata(name="name", version="1.2.3", app_version="3.2.1"))
    return [Release(name="flummoxed-chickadee", namespace="default", info=info, chart=chart, hooks=hooks)]


def _test_hook(name: str, started: str, completed: str, phase: HookPhase) -> Hook:
    return Hook(name=name, events=[HookEvent.TEST],
                last_run=HookExecution(started_at=rfc3339(started), completed_at=rfc3339(completed), phase=phase))


def _status_with_tests() -> list[Release]:
    hooks = [
        Hook(name="never-run-test", events=[HookEvent.TEST]),
        _test_hook("passing-test", "2006-01-02T15:04:05Z", "2006-01-02T15:04:07Z", HookPhase.SUCCEEDED),
        _test_hook("failing-test", "2006-01-02T15:10:05Z", "2006-01-02T15:10:07Z", HookPhase.FAILED),
        Hook(name="passing-pre-install", events=[HookEvent.PRE_INSTALL],
             last_run=HookExecution(started_at=rfc3339("2006-01-02T15:00:05Z"),
                                    completed_at=rfc3339("2006-01-02T15:00:07Z"), phase=HookPhase.SUCCEEDED)),
    ]
    return _status(Info(status=Status.DEPLOYED), hooks)


# ---------------------------------------------------------------------------
# history_test.go
# ---------------------------------------------------------------------------


def _history_with_rollback() -> list[Release]:
    date = unix(242085845)
    chart = Chart(metadata=Metadata(name="foo", version="0.1.0-beta.1", app_version="1.0"))
    rows = [(1, Status.SUPERSEDED, "Install complete"), (2, Status.SUPERSEDED, "Upgrade complete"),
            (3, Status.DEPLOYED, "Rollback to 1")]
    return [
        Release(name="angry-bird", version=v, chart=chart,
                info=Info(first_deployed=date, last_deployed=date, status=s, description=d))
        for v, s, d in rows
    ]


def _by_file() -> dict[str, Any]:
    """``{file: builder}`` for files whose cases share one release set."""
    return {
        "history_test.go": _history_with_rollback,
        "get_all_test.go": lambda: [mock("thomas-guide"), mock("elevated-turkey")],
        "get_hooks_test.go": lambda: [mock("aeneas")],
        "get_manifest_test.go": lambda: [mock("juno")],
        "get_metadata_test.go": lambda: [mock("thomas-guide", labels={"key1": "value1"})],
        "get_notes_test.go": lambda: [mock("the-limerick")],
        "get_values_test.go": lambda: [mock("thomas-guide")],
    }


_LIST_SINGLE = {"output/list-json.txt", "output/list-yaml.txt", "output/list-time-format.txt"}

_STATUS = {
    "get status of a deployed release": lambda: _status(Info(status=Status.DEPLOYED)),
    "get status of a deployed release, with desc": lambda: _status(
        Info(status=Status.DEPLOYED, description="Mock description")),
    "get status of a deployed release with notes": lambda: _status(
        Info(status=Status.DEPLOYED, notes="release notes")),
    "get status of a deployed release with notes in json": lambda: _status(
        Info(status=Status.DEPLOYED, notes="release notes")),
    "get status of a deployed release with resources": lambda: _status(Info(status=Status.DEPLOYED)),
    "get status of a deployed release with resources in json": lambda: _status(Info(status=Status.DEPLOYED)),
    "get status of a deployed release with test suite": _status_with_tests,
}


def releases_for(case: dict) -> list[Release] | None:
    """The releases Helm's test preloads for ``case`` (a ``cases.json`` entry), or None when unknown."""
    file, name = case["file"], case["name"]
    if file == "list_test.go":
        return _list_single() if case["golden"] in _LIST_SINGLE else _list_releases()
    if file == "status_test.go":
        builder = _STATUS.get(name)
        return builder() if builder else None
    builder = _by_file().get(file)
    return builder() if builder else None


def has_fixture(case: dict) -> bool:
    """Whether :func:`releases_for` knows the case's releases."""
    return releases_for(case) is not None


def write_driver_data(path: Path, releases: list[Release]) -> Path:
    """Write ``releases`` as a ``HELM_MEMORY_DRIVER_DATA`` file (a JSON list is YAML)."""
    path.write_text("[" + ",".join(encode_release_json(r) for r in releases) + "]\n")
    return path


def preload(monkeypatch: Any, folder: Path, releases: list[Release]) -> None:
    """Make the CLI's memory driver start with ``releases`` (``HELM_DRIVER=memory``).

    The records go through a ``HELM_MEMORY_DRIVER_DATA`` file; their custom labels,
    which Helm never writes into a record, are applied to the loaded driver.
    """
    from pyhelm.storage.driver import memory as memory_module
    from pyhelm.storage.storage import make_key

    data = write_driver_data(folder / "releases.json", releases)
    monkeypatch.setenv("HELM_DRIVER", "memory")
    monkeypatch.setenv("HELM_MEMORY_DRIVER_DATA", str(data))
    labelled = [r for r in releases if r.labels]
    if not labelled:
        return
    original = memory_module.load_memory_driver_data

    def load_with_labels(mem: Any, paths: list[str], namespace: str) -> None:
        original(mem, paths, namespace)
        for rel in labelled:
            mem.update(make_key(rel.name, rel.version), rel)
        mem.set_namespace(namespace)

    monkeypatch.setattr(memory_module, "load_memory_driver_data", load_with_labels)
