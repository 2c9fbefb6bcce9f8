"""Compose files at YAML node level (libyaml), so every value keeps its line and column.

Anchors are converted once per node (an alias bomb costs one visit per distinct node),
merge keys (``<<``) are applied, and every scalar value is interpolated the way Compose
does it, with each unresolved variable located at its own line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping

import yaml

from ..deployment import ComposeFile, Located, YMap, YNode, YScalar, YSeq
from ..diagnostics import Location
from . import ParseError
from .interpolation import Miss, TemplateError, interpolate

_CORE = "tag:yaml.org,2002:"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_COMPOSE_TAGS = frozenset({"!reset", "!override"})
_STANDARD_TAGS = frozenset(
    _CORE + t
    for t in (
        "str",
        "int",
        "float",
        "bool",
        "null",
        "map",
        "seq",
        "merge",
        "timestamp",
        "binary",
        "set",
        "omap",
        "pairs",
        "value",
    )
)
MAX_DEPTH = 200
_STR, _NULL, _MERGE = _CORE + "str", _CORE + "null", _CORE + "merge"
_SEQ, _MAP = _CORE + "seq", _CORE + "map"


def _resolve(kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
    """Tags for untagged nodes, the few we need: scalars keep their text (YAML 1.2 reading
    happens in the model), so only null and the merge key are told apart."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            if value == "<<":
                return _MERGE
            if value in _NULLS:
                return _NULL
        return _STR
    return _SEQ if kind is yaml.SequenceNode else _MAP


try:  # libyaml's C parser: several times faster than the Python one, same node marks
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    class _Loader(CParser):  # type: ignore[misc,unused-ignore]
        """libyaml's composer with a cheap resolver (PyYAML's walks regexes per scalar)."""

        def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
            return _resolve(kind, value, implicit)

        def descend_resolver(self, parent: object, index: object) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Converter:
    def __init__(self, text: str, path: str, env: Mapping[str, str]) -> None:
        self.text = text
        self.path = path
        self.env = env
        self.memo: dict[int, YNode] = {}
        # libyaml breaks lines at \r\n, \r and \n alike; so must we
        self.line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        # libyaml also breaks lines at NEL, LS and PS; editors do not, so positions are
        # then computed from the character index instead
        self.odd_breaks = any(c in text for c in "\x85\u2028\u2029")
        self.unresolved: list[Located[str]] = []
        self.required: list[Located[str]] = []
        self.problems: list[Located[str]] = []

    def loc(self, node: yaml.Node) -> Location:
        m = node.start_mark
        if self.odd_breaks:
            return self.loc_at(m.index)
        return Location(self.path, m.line + 1, m.column + 1)

    def loc_at(self, index: int) -> Location:
        line = bisect.bisect_right(self.line_starts, index) - 1
        return Location(self.path, line + 1, index - self.line_starts[line] + 1)

    def convert(self, node: yaml.Node, depth: int = 0) -> YNode:
        if depth > MAX_DEPTH:
            raise ParseError(self.loc(node), f"YAML nested deeper than {MAX_DEPTH} levels")
        done = self.memo.get(id(node))
        if done is not None:
            return done
        tag = None if node.tag in _STANDARD_TAGS else node.tag
        if tag is not None and tag not in _COMPOSE_TAGS:
            # e.g. !!python/object: never constructed, never run
            self.problems.append(
                Located(f"unsupported YAML tag {tag!r} (not constructed)", self.loc(node))
            )
        result: YNode
        if isinstance(node, yaml.ScalarNode):
            result = self.scalar(node, tag)
        elif isinstance(node, yaml.SequenceNode):
            result = YSeq(
                tuple(self.convert(n, depth + 1) for n in node.value), self.loc(node), tag
            )
        else:
            assert isinstance(node, yaml.MappingNode)
            result = self.mapping(node, tag, depth)
        self.memo[id(node)] = result
        return result

    def scalar(self, node: yaml.ScalarNode, tag: str | None) -> YScalar:
        raw = node.value
        plain = node.style in (None, "")
        loc = self.loc(node)
        if plain and node.tag == _NULL:
            return YScalar(None, loc, None, True, tag)
        value = raw
        misses: list[Miss] = []
        if "$" in raw:
            try:
                value = interpolate(raw, self.env, misses)
            except TemplateError as exc:
                # the token itself is not shown: it may sit inside a password
                self.problems.append(Located(str(exc), self.token_loc(node, exc.token, 0)))
            seen: dict[str, int] = {}
            for miss in misses:
                nth = seen.get(miss.token, 0)
                seen[miss.token] = nth + 1
                where = self.token_loc(node, miss.token, nth)
                (self.required if miss.required else self.unresolved).append(
                    Located(miss.name, where)
                )
        return YScalar(value, loc, raw, plain, tag, unresolved=bool(misses))

    def token_loc(self, node: yaml.Node, token: str, nth: int) -> Location:
        """The location of the nth occurrence of ``token`` inside the node's source text."""
        start, end = node.start_mark.index, node.end_mark.index
        pos = start - 1
        for _ in range(nth + 1):
            pos = self.text.find(token, pos + 1, end)
            if pos < 0:
                return self.loc(node)
        return self.loc_at(pos)

    def mapping(self, node: yaml.MappingNode, tag: str | None, depth: int) -> YMap:
        entries: dict[str, YNode] = {}
        keys: dict[str, Location] = {}
        merged: list[YMap] = []
        for knode, vnode in node.value:
            if isinstance(knode, yaml.ScalarNode) and knode.tag == _CORE + "merge":
                merged.extend(self.merge_sources(vnode, depth))
                continue
            if not isinstance(knode, yaml.ScalarNode):
                self.problems.append(Located("mapping key is not a scalar", self.loc(knode)))
                continue
            key = knode.value
            if key in entries:
                self.problems.append(
                    Located(f"duplicate key {key!r} (the later one wins)", self.loc(knode))
                )
            entries[key] = self.convert(vnode, depth + 1)
            keys[key] = self.loc(knode)
        for source in merged:
            for key, value in source.entries.items():
                if key not in entries:
                    entries[key] = value
                    keys[key] = source.key_loc(key)
        return YMap(entries, self.loc(node), keys, tag)

    def merge_sources(self, vnode: yaml.Node, depth: int) -> list[YMap]:
        sources = vnode.value if isinstance(vnode, yaml.SequenceNode) else [vnode]
        out: list[YMap] = []
        for src in sources:
            converted = self.convert(src, depth + 1)
            if isinstance(converted, YMap):
                out.append(converted)
            else:
                self.problems.append(
                    Located("merge key '<<' needs a mapping or a list of mappings", self.loc(src))
                )
        return out


def _yaml_error(exc: yaml.YAMLError, path: str, text: str) -> ParseError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    if mark is None:
        return ParseError(Location(path), message)
    if any(c in text for c in "\x85\u2028\u2029"):
        # libyaml breaks lines at NEL/LS/PS too; count from the index as editors do
        head = text[: mark.index]
        starts = [m.end() for m in _LINE_BREAK.finditer(head)]
        col = mark.index - (starts[-1] if starts else 0) + 1
        return ParseError(Location(path, len(starts) + 1, col), message)
    return ParseError(Location(path, mark.line + 1, mark.column + 1), message)


def parse_compose(text: str, path: str, env: Mapping[str, str]) -> ComposeFile:
    """Parse a compose file; ``env`` is the interpolation environment (project .env)."""
    try:
        docs = list(yaml.compose_all(text, Loader=_Loader))  # type: ignore[arg-type]
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, path, text) from None
    except RecursionError:
        raise ParseError(Location(path), "YAML nested too deeply") from None
    docs = [d for d in docs if d is not None]
    if not docs:
        return ComposeFile(path, YMap({}, Location(path)))
    conv = _Converter(text, path, env)
    if len(docs) > 1:
        conv.problems.append(
            Located("more than one YAML document; Compose reads one", conv.loc(docs[1]))
        )
    try:
        root = conv.convert(docs[0])
    except RecursionError:
        raise ParseError(conv.loc(docs[0]), "YAML nested too deeply") from None
    if not isinstance(root, YMap):
        raise ParseError(root.loc, "a compose file must be a mapping at the top level")
    return ComposeFile(
        path=path,
        root=root,
        unresolved=tuple(conv.unresolved),
        required_missing=tuple(conv.required),
        problems=tuple(conv.problems),
    )
