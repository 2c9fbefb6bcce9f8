#!/usr/bin/env python3
"""Parse floor: the least work any tool that reads a deployment tree must do.

    python bench/parse_floor.py PATH [PATH ...]

One process walks every PATH (folders recursively, files as given) and parses
each file it knows with the fastest stock parser for its kind, building
nothing on top:

    *.yml / *.yaml              yaml.compose(text, Loader=yaml.CSafeLoader)
                                (libyaml, node level: no Python objects built)
    .env, .env.*, *.env         python-dotenv's parser (dotenv.parser.parse_stream)
    *.ini                       configparser.ConfigParser(interpolation=None)
    *.conf                      str.splitlines()

Anything else is skipped. The file is read as UTF-8 text (errors replaced).
It prints one summary line on stdout. A linter that does all of this and then
also models and checks the deployment cannot be faster than this floor by
much; the benchmark reports tel3sis-lint's wall time as a ratio of it.

Needs PyYAML built with libyaml (yaml.CSafeLoader) and python-dotenv, both
runtime dependencies of tel3sis-lint, so run it with the interpreter that has
tel3sis-lint installed. Exits 2 when CSafeLoader is missing (a pure-Python
floor would be meaninglessly slow), unless --allow-pure-yaml is given.
"""

from __future__ import annotations

import argparse
import configparser
import io
import os
import sys

import yaml
from dotenv.parser import parse_stream


def _kind(name: str) -> str | None:
    if name.endswith((".yml", ".yaml")):
        return "yaml"
    if name == ".env" or name.startswith(".env.") or name.endswith(".env"):
        return "env"
    if name.endswith(".ini"):
        return "ini"
    if name.endswith(".conf"):
        return "conf"
    return None


def _walk(paths: list[str]):
    for p in paths:
        if os.path.isdir(p):
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames.sort()
                for fn in sorted(filenames):
                    yield os.path.join(dirpath, fn), fn
        else:
            yield p, os.path.basename(p)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--allow-pure-yaml", action="store_true",
                    help="fall back to the pure-Python SafeLoader when libyaml is missing")
    a = ap.parse_args(argv)

    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        if not a.allow_pure_yaml:
            print("parse_floor: PyYAML has no libyaml (yaml.CSafeLoader); "
                  "the floor would not be a floor", file=sys.stderr)
            return 2
        loader = yaml.SafeLoader

    counts = {"yaml": 0, "env": 0, "ini": 0, "conf": 0}
    nbytes = 0
    errors = 0
    items = 0  # nodes / bindings / options / lines seen, so no work is optimised away
    for path, name in _walk(a.paths):
        kind = _kind(name)
        if kind is None:
            continue
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        nbytes += len(text)
        counts[kind] += 1
        try:
            if kind == "yaml":
                for node in yaml.compose_all(text, Loader=loader):
                    if node is not None:
                        items += len(node.value) if isinstance(node.value, list) else 1
            elif kind == "env":
                for _binding in parse_stream(io.StringIO(text)):
                    items += 1
            elif kind == "ini":
                cp = configparser.ConfigParser(interpolation=None, strict=False)
                cp.read_string(text, source=path)
                items += sum(len(cp[s]) for s in cp.sections())
            else:
                items += len(text.splitlines())
        except Exception:  # noqa: BLE001 - a floor counts failures, it does not report them
            errors += 1
    total = sum(counts.values())
    print(f"parse floor: {total} files ({counts['yaml']} yaml, {counts['env']} env, "
          f"{counts['ini']} ini, {counts['conf']} conf), {nbytes} chars, "
          f"{items} items, {errors} parse errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
