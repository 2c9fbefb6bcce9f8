"""Compose's merge rules for several files (-f a -f b), `extends` and `include`.

Following the Compose specification's merge section: mappings merge key by key;
`command`, `entrypoint` and `healthcheck.test` are replaced; `environment`, `labels`,
`extra_hosts` and the other key=value lists merge by key (list and map forms mix);
`volumes` merge by container path, `ports` by their text, other sequences append.
`!reset` removes the inherited value and `!override` replaces it whole. Paths that
another file writes (build contexts, env files, bind mounts) are made absolute against
that file's folder before merging, so each keeps pointing where its author meant.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from ..deployment import ComposeFile, Located, YMap, YNode, YScalar, YSeq
from ..diagnostics import Location

_REPLACED = frozenset({"command", "entrypoint", "test"})
_BY_KEY = frozenset(
    {"environment", "labels", "extra_hosts", "sysctls", "annotations", "build_args", "args"}
)
_BY_TARGET = frozenset({"volumes", "devices", "secrets", "configs"})
# Fields where a single string is shorthand for a one-item list.
_LISTS = frozenset({"env_file", "dns", "dns_search", "tmpfs", "cap_add", "cap_drop", "profiles"})


def _seq_key(item: YNode, field: str) -> str | None:
    """The identity of a list item for merging (env key, volume target, ...)."""
    if isinstance(item, YScalar):
        text = item.text
        if field in _BY_KEY:
            return text.split("=", 1)[0].split(":", 1)[0].strip()
        if field in _BY_TARGET:
            parts = text.split(":")
            return parts[1] if len(parts) > 1 else parts[0]
        return text
    if isinstance(item, YMap):
        for k in ("target", "source", "path"):
            v = item.get(k)
            if isinstance(v, YScalar) and v.value:
                return v.value
    return None


def _as_map(node: YSeq) -> YMap:
    """``["A=1", "B"]`` -> ``{A: "1", B: null}`` keeping each item's location."""
    entries: dict[str, YNode] = {}
    keys: dict[str, Location] = {}
    for item in node.items:
        if not isinstance(item, YScalar) or not item.value:
            continue
        key, sep, value = item.value.partition("=")
        key = key.strip()
        entries[key] = YScalar(value if sep else None, item.loc, item.raw, item.plain)
        keys[key] = item.loc
    return YMap(entries, node.loc, keys)


def merge(base: YNode | None, over: YNode, field: str = "") -> YNode | None:
    """``over`` applied on top of ``base``; None means the key is removed (``!reset``)."""
    if over.tag == "!reset":
        return None
    if over.tag == "!override" or base is None:
        return _untag(over)
    if field in _REPLACED:
        return over
    if field in _LISTS:
        base = YSeq((base,), base.loc) if isinstance(base, YScalar) else base
        over = YSeq((over,), over.loc) if isinstance(over, YScalar) else over
    if field in _BY_KEY and isinstance(base, YSeq | YMap) and isinstance(over, YSeq | YMap):
        base = _as_map(base) if isinstance(base, YSeq) else base
        over = _as_map(over) if isinstance(over, YSeq) else over
    if isinstance(base, YMap) and isinstance(over, YMap):
        entries = dict(base.entries)
        keys = dict(base.keys)
        for key, value in over.entries.items():
            merged = merge(entries.get(key), value, key)
            if merged is None:
                entries.pop(key, None)
                keys.pop(key, None)
            else:
                entries[key] = merged
                keys[key] = over.key_loc(key)
        return YMap(entries, base.loc, keys)
    if isinstance(base, YSeq) and isinstance(over, YSeq):
        replaced = {_seq_key(i, field) for i in over.items} - {None}
        kept = [i for i in base.items if _seq_key(i, field) not in replaced]
        return YSeq((*kept, *over.items), base.loc)
    return over


def _untag(node: YNode) -> YNode:
    if isinstance(node, YScalar):
        return YScalar(node.value, node.loc, node.raw, node.plain)
    if isinstance(node, YSeq):
        return YSeq(node.items, node.loc)
    return YMap(node.entries, node.loc, node.keys)


# ---------------------------------------------------------------- paths of other files


def _abs(path: str, base: str) -> str:
    if path.startswith(("/", "~")) or "://" in path:
        return path
    return os.path.normpath(os.path.join(base, path))


def _rebase_scalar(node: YNode | None, base: str) -> YNode | None:
    if isinstance(node, YScalar) and node.value:
        return YScalar(_abs(node.value, base), node.loc, node.raw, node.plain, node.tag)
    return node


def rebase(service: YMap, base: str) -> YMap:
    """A service node with its relative paths made absolute against ``base``."""
    entries = dict(service.entries)
    build = entries.get("build")
    if isinstance(build, YScalar):
        entries["build"] = _rebase_scalar(build, base)  # type: ignore[assignment]
    elif isinstance(build, YMap):
        ctx = build.get("context")
        b = dict(build.entries)
        b["context"] = _rebase_scalar(ctx, base) if ctx is not None else YScalar(base, build.loc)  # type: ignore[assignment]
        entries["build"] = YMap(b, build.loc, build.keys, build.tag)
    env_file = entries.get("env_file")
    if isinstance(env_file, YScalar):
        entries["env_file"] = _rebase_scalar(env_file, base)  # type: ignore[assignment]
    elif isinstance(env_file, YSeq):
        items: list[YNode] = []
        for item in env_file.items:
            if isinstance(item, YMap) and item.get("path") is not None:
                m = dict(item.entries)
                m["path"] = _rebase_scalar(item.get("path"), base)  # type: ignore[assignment]
                items.append(YMap(m, item.loc, item.keys, item.tag))
            else:
                items.append(_rebase_scalar(item, base) or item)
        entries["env_file"] = YSeq(tuple(items), env_file.loc, env_file.tag)
    volumes = entries.get("volumes")
    if isinstance(volumes, YSeq):
        vols: list[YNode] = []
        for item in volumes.items:
            if isinstance(item, YScalar) and item.value and item.value.startswith((".", "~")):
                src, sep, rest = item.value.partition(":")
                vols.append(YScalar(_abs(src, base) + sep + rest, item.loc, item.raw, item.plain))
            elif isinstance(item, YMap) and isinstance(item.get("source"), YScalar):
                src_node = item.get("source")
                assert isinstance(src_node, YScalar)
                if (src_node.value or "").startswith((".", "~")):
                    m = dict(item.entries)
                    m["source"] = _rebase_scalar(src_node, base)  # type: ignore[assignment]
                    vols.append(YMap(m, item.loc, item.keys, item.tag))
                else:
                    vols.append(item)
            else:
                vols.append(item)
        entries["volumes"] = YSeq(tuple(vols), volumes.loc, volumes.tag)
    return YMap(entries, service.loc, service.keys, service.tag)


# ---------------------------------------------------------------- services of a project

Loaded = Callable[[str], "ComposeFile | None"]


def project_services(
    files: list[tuple[ComposeFile, str]],
    load: Loaded,
    problems: list[Located[str]],
) -> dict[str, tuple[YMap, Location]]:
    """Every service of a project: files merged in order, ``include`` and ``extends`` applied.

    ``files`` pairs each parsed compose file with its folder (absolute); the first file's
    folder is the project folder. ``load`` parses another compose file (for ``extends``
    and ``include``) by absolute path.
    """
    merged: dict[str, tuple[YMap, Location]] = {}
    for cf, folder in files:
        for name, (node, loc) in _included(cf, folder, load, problems, set()).items():
            merged.setdefault(name, (node, loc))
        services = cf.root.get("services")
        if services is not None and not isinstance(services, YMap):
            problems.append(Located("services must be a mapping of service names", services.loc))
        if not isinstance(services, YMap):
            continue
        for name, raw in services.items():
            if not isinstance(raw, YMap):
                problems.append(
                    Located(
                        f"service {name!r} must be a mapping of its settings",
                        services.key_loc(name),
                    )
                )
            node = raw if isinstance(raw, YMap) else YMap({}, services.key_loc(name))
            # -f files all resolve relative paths against the first file's folder
            node = _extended(node, cf, folder, load, problems, depth=0)
            if name in merged:
                combined = merge(merged[name][0], node)
                merged[name] = (combined if isinstance(combined, YMap) else node, merged[name][1])
            else:
                merged[name] = (node, services.key_loc(name))
    return merged


def _extended(
    node: YMap, cf: ComposeFile, folder: str, load: Loaded, problems: list[Located[str]], depth: int
) -> YMap:
    ext = node.get("extends")
    if ext is None or depth > 10:
        return node
    target_name: str | None = None
    target_file = cf
    target_folder = folder
    if isinstance(ext, YScalar):
        target_name = ext.value
    elif isinstance(ext, YMap):
        svc = ext.get("service")
        target_name = svc.value if isinstance(svc, YScalar) else None
        file_node = ext.get("file")
        if isinstance(file_node, YScalar) and file_node.value:
            path = _abs(file_node.value, folder)
            other = load(path)
            if other is None:
                problems.append(Located(f"extends: cannot read {file_node.value!r}", file_node.loc))
                return node
            target_file, target_folder = other, os.path.dirname(path)
    services = target_file.root.get("services")
    base = services.get(target_name) if isinstance(services, YMap) and target_name else None
    if not isinstance(base, YMap):
        problems.append(Located(f"extends: no service {target_name!r} to extend", ext.loc))
        return node
    base = _extended(base, target_file, target_folder, load, problems, depth + 1)
    if target_folder != folder:
        base = rebase(base, target_folder)
    own = YMap({k: v for k, v in node.entries.items() if k != "extends"}, node.loc, node.keys)
    merged = merge(base, own)
    return merged if isinstance(merged, YMap) else own


def _included(
    cf: ComposeFile,
    folder: str,
    load: Loaded,
    problems: list[Located[str]],
    seen: set[str],
) -> dict[str, tuple[YMap, Location]]:
    inc = cf.root.get("include")
    if not isinstance(inc, YSeq):
        return {}
    out: dict[str, tuple[YMap, Location]] = {}
    for item in inc.items:
        path_node = item.get("path") if isinstance(item, YMap) else item
        paths = path_node.items if isinstance(path_node, YSeq) else (path_node,)
        for p in paths:
            if not isinstance(p, YScalar) or not p.value:
                continue
            path = _abs(p.value, folder)
            if path in seen:
                continue
            seen.add(path)
            other = load(path)
            if other is None:
                problems.append(Located(f"include: cannot read {p.value!r}", p.loc))
                continue
            other_folder = os.path.dirname(path)
            out.update(_included(other, other_folder, load, problems, seen))
            services = other.root.get("services")
            if isinstance(services, YMap):
                for name, node in services.items():
                    if isinstance(node, YMap):
                        node = _extended(node, other, other_folder, load, problems, 0)
                        out[name] = (rebase(node, other_folder), services.key_loc(name))
    return out
