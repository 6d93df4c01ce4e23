"""The values flags of install/upgrade/template/lint: ``-f``, ``--set`` and friends.

Follows Helm's ``pkg/cli/values.Options.MergeValues``: value files in order, then
``--set-json``, ``--set``, ``--set-string``, ``--set-file``, ``--set-literal``.
"""

from __future__ import annotations

import argparse
import sys
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ValuesError(Exception):
    """A values flag could not be read or parsed; the message names the flag or file."""


@dataclass
class ValueOptions:
    """The user's values flags, each list in command-line order."""

    value_files: list[str] = field(default_factory=list)
    json_values: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    string_values: list[str] = field(default_factory=list)
    file_values: list[str] = field(default_factory=list)
    literal_values: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> ValueOptions:
        """Collect the flags added by :func:`add_value_flags`."""
        files: list[str] = []
        for item in args.values or []:
            files.extend(part for part in item.split(",") if part)  # pflag StringSlice splits on commas
        return cls(files, args.set_json, args.set, args.set_string, args.set_file, args.set_literal)

    def merge_values(self) -> dict[str, Any]:
        """Read and merge every flag into one user-values map (Helm ``MergeValues``).

        Raises :class:`ValuesError` naming the file or flag that failed.
        """
        from pyhelm.codec import json as helm_json
        from pyhelm.codec import yaml as helm_yaml
        from pyhelm.strvals import parser as strvals

        base: dict[str, Any] = {}
        for path in self.value_files:
            raw = read_file(path)
            try:
                current = helm_yaml.load(raw) or {}
            except helm_yaml.YAMLError as err:
                raise ValuesError(f"failed to parse {path}: {err}") from err
            if not isinstance(current, dict):
                raise ValuesError(f"failed to parse {path}: error unmarshaling JSON: while decoding JSON: "
                                  f"json: cannot unmarshal {type(current).__name__} into Go value of type map[string]interface {{}}")
            base = merge_maps(base, current)
        for value in self.json_values:
            trimmed = value.strip()
            if trimmed.startswith("{"):
                try:
                    parsed = helm_json.unmarshal(trimmed)
                except Exception as err:
                    raise ValuesError(f"failed parsing --set-json data JSON: {value}") from err
                if not isinstance(parsed, dict):
                    raise ValuesError(f"failed parsing --set-json data JSON: {value}")
                base = merge_maps(base, parsed)
            else:
                _parse(strvals.parse_set_json, value, base, "failed parsing --set-json data {value}", plain=True)
        for value in self.values:
            _parse(strvals.parse_set, value, base, "failed parsing --set data: {err}")
        for value in self.string_values:
            _parse(strvals.parse_set_string, value, base, "failed parsing --set-string data: {err}")
        for value in self.file_values:
            _parse(strvals.parse_set_file, value, base, "failed parsing --set-file data: {err}",
                   reader=lambda rel: read_file(rel).decode("utf-8", "replace"))
        for value in self.literal_values:
            _parse(strvals.parse_set_literal, value, base, "failed parsing --set-literal data: {err}")
        return base


def _parse(func: Any, value: str, base: dict[str, Any], message: str, *, plain: bool = False, **kwargs: Any) -> None:
    try:
        func(value, base, **kwargs)
    except ValuesError:
        raise
    except Exception as err:  # strvals reports bad syntax with its own exception type
        raise ValuesError(message.format(value=value, err=err)) from err


def read_file(path: str) -> bytes:
    """Read a values file: ``-`` is stdin, ``http(s)://`` is downloaded, else a local path.

    Raises :class:`ValuesError` worded like Go's ``open x: no such file or directory``.
    """
    if path == "-":
        return sys.stdin.buffer.read()
    if path.startswith(("http://", "https://")):
        try:
            with urllib.request.urlopen(path, timeout=30) as response:  # noqa: S310 - user-given URL
                return response.read()
        except OSError as err:
            raise ValuesError(f"failed to fetch {path}: {err}") from err
    try:
        return Path(path).read_bytes()
    except FileNotFoundError as err:
        raise ValuesError(f"open {path}: no such file or directory") from err
    except IsADirectoryError as err:
        raise ValuesError(f"read {path}: is a directory") from err
    except OSError as err:
        raise ValuesError(f"open {path}: {err.strerror.lower() if err.strerror else err}") from err


def merge_maps(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Helm's ``mergeMaps``: nested maps merge recursively, any other value replaces."""
    out = dict(base)
    for key, value in override.items():
        current = out.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            out[key] = merge_maps(current, value)
        else:
            out[key] = value
    return out


def add_value_flags(parser: argparse.ArgumentParser) -> None:
    """Add ``-f/--values``, ``--set``, ``--set-string``, ``--set-file``, ``--set-json``, ``--set-literal``."""
    parser.add_argument("-f", "--values", action="append", default=[], help="specify values in a YAML file or a URL (can specify multiple)")
    parser.add_argument("--set", action="append", default=[], help="set values on the command line (key1=val1,key2=val2)")
    parser.add_argument("--set-string", action="append", default=[], help="set STRING values on the command line")
    parser.add_argument("--set-file", action="append", default=[], help="set values from respective files")
    parser.add_argument("--set-json", action="append", default=[], help="set JSON values on the command line")
    parser.add_argument("--set-literal", action="append", default=[], help="set a literal STRING value on the command line")
