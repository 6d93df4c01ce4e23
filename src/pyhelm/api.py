"""pyhelm's Python API: load charts, merge values, render and template without the CLI.

    >>> import pyhelm
    >>> chart = pyhelm.load_chart("examples/django-stack")
    >>> files = pyhelm.render(chart, {"django": {"replicas": 2}}, release_name="shop")
    >>> files["django-stack/templates/configmap.yaml"]          # doctest: +SKIP
    >>> print(pyhelm.template(chart, release_name="shop").manifest)  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pyhelm.action.resources import RenderedRelease, render_release
from pyhelm.chart.model import Chart


def load_chart(path: str | Path) -> Chart:
    """Load a chart from a directory or a ``.tgz`` archive (Helm ``loader.Load``).

    Raises the loader's error (message worded as Helm's) when it is not a chart.
    """
    from pyhelm.chart import loader

    return loader.load(Path(path))


def values_from_files(paths: list[str | Path]) -> dict[str, Any]:
    """Read ``-f`` value files in order and merge them, as ``helm template -f a -f b`` does.

    Raises :class:`pyhelm.cli.values.ValuesError` naming the file that failed.
    """
    from pyhelm.cli.values import ValueOptions

    return ValueOptions(value_files=[str(p) for p in paths]).merge_values()


def template(
    chart: Chart | str | Path,
    values: dict[str, Any] | None = None,
    *,
    release_name: str = "release-name",
    namespace: str = "default",
    **options: Any,
) -> RenderedRelease:
    """Render a chart as ``helm template`` does and return the whole result.

    ``values`` are user values (as from ``-f``/``--set``); ``options`` are the keyword
    arguments of :func:`pyhelm.action.resources.render_release` (``is_upgrade``,
    ``kube_version``, ``api_versions``, ``include_crds``...). The result carries
    ``files`` (per template), ``manifest`` (the sorted stream), ``hooks`` and
    ``notes``. Raises :class:`pyhelm.action.resources.ResourceError` with Helm's message.
    """
    return render_release(chart, release_name, values or {}, namespace=namespace, **options)


def render(
    chart: Chart | str | Path,
    values: dict[str, Any] | None = None,
    *,
    release_name: str = "release-name",
    namespace: str = "default",
    **options: Any,
) -> dict[str, str]:
    """Render every template: ``{"<chart>/templates/<file>": text}`` like Helm's ``engine.Render``.

    Partials (``_*.tpl``) are not included; NOTES.txt is. Raises
    :class:`pyhelm.action.resources.ResourceError` with Helm's message.
    """
    return template(chart, values, release_name=release_name, namespace=namespace, **options).files
