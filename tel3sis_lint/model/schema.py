"""The shapes Compose accepts for the service fields the model reads; anything else is TL001.

Compose validates a file against its schema before it runs anything, so ``ports: 5`` or
``replicas: two`` stop ``docker compose up``. The model reads these fields leniently (it
must not crash), so this module says out loud what it had to skip.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..deployment import Located, YMap, YNode, YScalar, YSeq

_INT = re.compile(r"\d+")
_PORT = re.compile(
    r"^(?:(?:\[[^\]]*\]|\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]*::[0-9a-fA-F:]*):)?"
    r"(?:[0-9\-]*:)?[0-9\-]+(?:/\w+)?$"
)


def _kind(node: YNode) -> str:
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    return "null" if node.value is None else repr(node.value)


def _want(field: str, node: YNode, what: str) -> Located[str]:
    return Located(f"{field} must be {what}, not {_kind(node)}", node.loc)


def _int_field(field: str, node: YNode | None) -> Iterator[Located[str]]:
    if node is None:
        return
    if not isinstance(node, YScalar) or node.value is None:
        yield _want(field, node, "a whole number")
    elif node.value.strip() and not _INT.fullmatch(node.value.strip()) and not node.unresolved:
        yield _want(field, node, "a whole number")


def check_service(name: str, node: YMap) -> Iterator[Located[str]]:
    """Problems with the fields of service ``name`` that Compose would reject."""
    where = f"services.{name}"
    for field in ("command", "entrypoint"):
        value = node.get(field)
        if isinstance(value, YMap) or (
            isinstance(value, YSeq) and not all(isinstance(i, YScalar) for i in value.items)
        ):
            yield _want(f"{where}.{field}", value, "a string or a list of strings")
    for field in ("image", "container_name"):
        value = node.get(field)
        if value is not None and not isinstance(value, YScalar):
            yield _want(f"{where}.{field}", value, "a string")
    env = node.get("environment")
    if env is not None and not isinstance(env, YMap | YSeq) and env.value is not None:
        yield _want(f"{where}.environment", env, "a mapping or a list")
    ports = node.get("ports")
    if ports is not None:
        if not isinstance(ports, YSeq):
            yield _want(f"{where}.ports", ports, "a list")
        else:
            for item in ports.items:
                if isinstance(item, YScalar):
                    text = (item.value or "").strip()
                    if not item.unresolved and not _PORT.match(text):
                        yield Located(f"{where}.ports: {text!r} is not a port mapping", item.loc)
                elif isinstance(item, YMap):
                    if item.get("target") is None:
                        yield Located(f"{where}.ports: a long-syntax port needs target:", item.loc)
                else:
                    yield _want(f"{where}.ports item", item, "a string or a mapping")
    for field in ("volumes", "profiles"):
        value = node.get(field)
        if value is not None and not isinstance(value, YSeq):
            yield _want(f"{where}.{field}", value, "a list")
    deploy = node.get("deploy")
    if deploy is not None:
        if not isinstance(deploy, YMap):
            yield _want(f"{where}.deploy", deploy, "a mapping")
        else:
            yield from _int_field(f"{where}.deploy.replicas", deploy.get("replicas"))
    yield from _int_field(f"{where}.scale", node.get("scale"))
