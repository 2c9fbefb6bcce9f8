"""What a compose service says: image, argv, container environment, replicas, ports, mounts."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..deployment import EnvFile, Located, YMap, YNode, YScalar, YSeq
from ..diagnostics import Location
from ..parsers.interpolation import Miss, interpolate
from .commands import split_command


@dataclass(frozen=True, slots=True)
class Setting:
    """One environment variable as a container (or the app) sees it."""

    key: str
    value: str | None  # None: unknown (passed through from the host, or a template blank)
    loc: Location
    template: bool = False

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True, slots=True)
class EnvRef:
    """A service's ``env_file`` entry."""

    path: str  # absolute
    loc: Location
    required: bool = True
    file: EnvFile | None = None  # parsed (the template stand-in when the file is missing)
    missing: bool = False
    stand_in: str | None = None  # display path of the template used instead


@dataclass(frozen=True, slots=True)
class Port:
    published: str  # host port or range ("" when only the container port is given)
    target: str
    host_ip: str
    protocol: str
    loc: Location


@dataclass(frozen=True, slots=True)
class Mount:
    source: str | None  # absolute path for bind mounts; None for named volumes
    target: str
    read_only: bool
    loc: Location


@dataclass(frozen=True)
class Service:
    name: str
    loc: Location
    node: YMap
    image: str = ""
    image_loc: Location | None = None
    argv: tuple[str, ...] = ()
    argv_raw: tuple[str, ...] = ()  # before interpolation (to tell literals from variables)
    command_loc: Location | None = None
    entrypoint: tuple[str, ...] = ()
    env: Mapping[str, Setting] = field(default_factory=dict)
    env_refs: tuple[EnvRef, ...] = ()
    environment_loc: Location | None = None
    replicas: int = 1
    replicas_loc: Location | None = None
    global_mode: bool = False
    ports: tuple[Port, ...] = ()
    mounts: tuple[Mount, ...] = ()
    container_name: Located[str] | None = None
    hostnames: tuple[str, ...] = ()
    build_context: str | None = None
    profiles: tuple[str, ...] = ()

    @functools.cached_property
    def image_repo(self) -> str:
        """``bitnami/redis:7.2@sha256:..`` -> ``bitnami/redis`` (registry host dropped)."""
        ref = self.image.split("@", 1)[0]
        last = ref.rsplit("/", 1)
        if ":" in last[-1]:
            ref = ref[: ref.rfind(":")]
        parts = ref.split("/")
        if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
            parts = parts[1:]
        return "/".join(parts).lower()

    @property
    def image_name(self) -> str:
        return self.image_repo.rsplit("/", 1)[-1]

    @property
    def instances(self) -> int:
        return 2 if self.global_mode and self.replicas < 2 else self.replicas

    def all_argv(self) -> tuple[str, ...]:
        return self.entrypoint + self.argv


def _scalar_text(node: YNode | None) -> str | None:
    return node.value if isinstance(node, YScalar) else None


def _argv(node: YNode | None, raw: bool = False) -> tuple[str, ...]:
    if isinstance(node, YScalar):
        text = node.raw if raw else node.value
        return tuple(split_command(text or ""))
    if isinstance(node, YSeq):
        return tuple(
            ((i.raw if raw else i.value) or "") for i in node.items if isinstance(i, YScalar)
        )
    return ()


_PORT = re.compile(
    r"^(?:(?P<ip>\[[^\]]*\]|\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]*::[0-9a-fA-F:]*):)?(?:(?P<pub>[0-9\-]*):)?"
    r"(?P<target>[0-9\-]+)(?:/(?P<proto>\w+))?$"
)


def _ports(node: YNode | None) -> tuple[Port, ...]:
    if not isinstance(node, YSeq):
        return ()
    out = []
    for item in node.items:
        if isinstance(item, YScalar) and item.value is not None:
            m = _PORT.match(item.value.strip())
            if m:
                out.append(
                    Port(
                        m["pub"] or "",
                        m["target"],
                        (m["ip"] or "").strip("[]"),
                        (m["proto"] or "tcp").lower(),
                        item.loc,
                    )
                )
        elif isinstance(item, YMap):
            out.append(
                Port(
                    _scalar_text(item.get("published")) or "",
                    _scalar_text(item.get("target")) or "",
                    _scalar_text(item.get("host_ip")) or "",
                    (_scalar_text(item.get("protocol")) or "tcp").lower(),
                    item.loc,
                )
            )
    return tuple(out)


def _mounts(node: YNode | None, base: str) -> tuple[Mount, ...]:
    if not isinstance(node, YSeq):
        return ()
    out = []
    for item in node.items:
        if isinstance(item, YScalar) and item.value:
            parts = item.value.split(":")
            src = parts[0]
            target = parts[1] if len(parts) > 1 else src
            mode = parts[2] if len(parts) > 2 else ""
            is_bind = src.startswith((".", "/", "~"))
            out.append(
                Mount(
                    _resolve(base, src) if is_bind else None,
                    target,
                    "ro" in mode.split(","),
                    item.loc,
                )
            )
        elif isinstance(item, YMap):
            kind = _scalar_text(item.get("type")) or "volume"
            source = _scalar_text(item.get("source"))
            ro = (_scalar_text(item.get("read_only")) or "").lower() == "true"
            out.append(
                Mount(
                    _resolve(base, source) if kind == "bind" and source else None,
                    _scalar_text(item.get("target")) or "",
                    ro,
                    item.loc,
                )
            )
    return tuple(out)


def _resolve(base: str, path: str) -> str:
    return os.path.normpath(os.path.join(base, os.path.expanduser(path)))


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    text = text.strip()
    return int(text) if re.fullmatch(r"\d+", text) else None


EnvLoader = Callable[[str], "tuple[EnvFile | None, str | None]"]


def _env_refs(node: YNode | None, base: str, load: EnvLoader) -> list[EnvRef]:
    items: list[YNode] = []
    if isinstance(node, YScalar):
        items = [node]
    elif isinstance(node, YSeq):
        items = list(node.items)
    refs = []
    for item in items:
        required = True
        if isinstance(item, YMap):
            path_node = item.get("path")
            req = _scalar_text(item.get("required"))
            required = (req or "true").lower() != "false"
            item = path_node if path_node is not None else item
        if not isinstance(item, YScalar) or not item.value:
            continue
        path = _resolve(base, item.value)
        parsed, stand_in = load(path)
        refs.append(
            EnvRef(
                path,
                item.loc,
                required,
                parsed,
                # a file that exists but cannot be read or decoded is TL001's, not missing
                missing=not os.path.lexists(path),
                stand_in=stand_in,
            )
        )
    return refs


def _env_file_settings(ref: EnvRef, project_env: Mapping[str, str]) -> dict[str, Setting]:
    """Values of an env_file as Compose passes them to the container."""
    out: dict[str, Setting] = {}
    if ref.file is None:
        return out
    scope: dict[str, str] = dict(project_env)
    template = ref.file.template or ref.stand_in is not None
    for entry in ref.file.entries:
        value = entry.value
        unknown = False
        if value is not None and entry.quote != "'" and "$" in value:
            misses: list[Miss] = []
            try:
                value = interpolate(value, scope, misses)
            except ValueError:
                misses.append(Miss("", ""))
            unknown = bool(misses)  # an unresolved ${VAR} is TL002's; its value is unknown
        if value is not None:
            scope[entry.key] = value
        if unknown:
            value = None
        if template and not value:
            value = None  # a template's blank is a placeholder, not a value
        out[entry.key] = Setting(entry.key, value, entry.loc, template)
    return out


def _environment(node: YNode | None) -> dict[str, Setting]:
    out: dict[str, Setting] = {}
    if isinstance(node, YMap):
        for key, val in node.items():
            if isinstance(val, YScalar):
                # a value left empty by an unset ${VAR} is unknown (TL002 says so), not empty
                value = None if val.unresolved and not val.value else val.value
                out[key] = Setting(key, value, node.key_loc(key))
            else:
                out[key] = Setting(key, None, node.key_loc(key))
    elif isinstance(node, YSeq):
        for item in node.items:
            if isinstance(item, YScalar) and item.value:
                key, sep, value = item.value.partition("=")
                key = key.strip()
                known = sep and not (item.unresolved and not value)
                out[key] = Setting(key, value if known else None, item.loc)
    return out


def build_service(
    name: str,
    node: YMap,
    key_loc: Location,
    base: str,
    project_env: Mapping[str, str],
    load_env: EnvLoader,
) -> Service:
    refs = _env_refs(node.get("env_file"), base, load_env)
    env: dict[str, Setting] = {}
    for ref in refs:
        env.update(_env_file_settings(ref, project_env))
    env.update(_environment(node.get("environment")))
    deploy = node.get("deploy")
    replicas, replicas_loc, global_mode = 1, None, False
    if isinstance(deploy, YMap):
        rep = deploy.get("replicas")
        if isinstance(rep, YScalar):
            n = _int(rep.value)
            if n is not None:
                replicas, replicas_loc = n, rep.loc
        global_mode = (_scalar_text(deploy.get("mode")) or "") == "global"
    scale = node.get("scale")
    if isinstance(scale, YScalar) and _int(scale.value) is not None:
        replicas, replicas_loc = _int(scale.value) or 0, scale.loc
    image = node.get("image")
    command = node.get("command")
    build = node.get("build")
    context = None
    if isinstance(build, YScalar) and build.value:
        context = _resolve(base, build.value)
    elif isinstance(build, YMap):
        ctx = _scalar_text(build.get("context"))
        context = _resolve(base, ctx or ".")
    cname = node.get("container_name")
    hostnames = [name]
    for key in ("hostname", "container_name"):
        text = _scalar_text(node.get(key))
        if text:
            hostnames.append(text)
    networks = node.get("networks")
    if isinstance(networks, YMap):
        for net in networks.entries.values():
            if isinstance(net, YMap) and isinstance(net.get("aliases"), YSeq):
                aliases = net.get("aliases")
                assert isinstance(aliases, YSeq)
                hostnames.extend(
                    a.value for a in aliases.items if isinstance(a, YScalar) and a.value
                )
    profiles = node.get("profiles")
    return Service(
        name=name,
        loc=key_loc,
        node=node,
        image=(_scalar_text(image) or ""),
        image_loc=image.loc if image is not None else None,
        argv=_argv(command),
        argv_raw=_argv(command, raw=True),
        command_loc=command.loc if command is not None else None,
        entrypoint=_argv(node.get("entrypoint")),
        env=env,
        env_refs=tuple(refs),
        environment_loc=node.key_loc("environment")
        if node.get("environment") is not None
        else None,
        replicas=replicas,
        replicas_loc=replicas_loc,
        global_mode=global_mode,
        ports=_ports(node.get("ports")),
        mounts=_mounts(node.get("volumes"), base),
        container_name=Located(cname.value, cname.loc)
        if isinstance(cname, YScalar) and cname.value
        else None,
        hostnames=tuple(h.lower() for h in hostnames),
        build_context=context,
        profiles=tuple(p.value for p in profiles.items if isinstance(p, YScalar) and p.value)
        if isinstance(profiles, YSeq)
        else (),
    )
