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
        from pyhelm.chartutil.values import build_user_values
        from pyhelm.codec import yaml as helm_yaml
        from pyhelm.codec.json import go_type_name
        from pyhelm.strvals.parser import StrvalsError

        documents = []
        for path in self.value_files:
            raw = read_file(path)
            try:
                current = helm_yaml.load(raw)
            except helm_yaml.YAMLError as err:
                raise ValuesError(f"failed to parse {path}: {err}") from err
            if current is not None and not isinstance(current, dict):
                raise ValuesError(
                    f"failed to parse {path}: error unmarshaling JSON: while decoding JSON: "
                    f"json: cannot unmarshal {go_type_name(current)} into Go value of type map[string]interface {{}}"
                )
            documents.append(current)
        try:
            return build_user_values(
                documents,
                set_json=self.json_values,
                set_values=self.values,
                set_string=self.string_values,
                set_file=self.file_values,
                set_literal=self.literal_values,
                file_reader=lambda rel: read_file(rel).decode("utf-8", "replace"),
            )
        except StrvalsError as err:
            raise ValuesError(str(err)) from err


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


def add_value_flags(parser: argparse.ArgumentParser) -> None:
    """Add ``-f/--values``, ``--set``, ``--set-string``, ``--set-file``, ``--set-json``, ``--set-literal``."""
    parser.add_argument("-f", "--values", action="append", default=[], help="specify values in a YAML file or a URL (can specify multiple)")
    parser.add_argument("--set", action="append", default=[], help="set values on the command line (key1=val1,key2=val2)")
    parser.add_argument("--set-string", action="append", default=[], help="set STRING values on the command line")
    parser.add_argument("--set-file", action="append", default=[], help="set values from respective files")
    parser.add_argument("--set-json", action="append", default=[], help="set JSON values on the command line")
    parser.add_argument("--set-literal", action="append", default=[], help="set a literal STRING value on the command line")
