"""What an application's own Python source tells the linter, read statically with ``ast``."""

from __future__ import annotations

import ast
import os
import re
import stat
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["AppFacts", "read_app_facts"]


@dataclass(frozen=True)
class AppFacts:
    """Facts only the app's code knows; ``None`` means the code did not say."""

    required_settings: tuple[str, ...] | None = None
    routed_queues: tuple[str, ...] | None = None
    default_queue: str | None = None
    redis_url_client: str | None = None  # "from_url", "sentinel" or None
    sources: tuple[str, ...] = ()


_MAX_FILE_BYTES = 512 * 1024
_SKIP_DIRS = frozenset(
    {"venv", "node_modules", "site-packages", "tests", "test", "migrations", "__pycache__"}
)
# Only a file that can hold a fact is parsed; every other file costs one regex scan (bounded
# repetition, so a hostile file cannot make it quadratic).
_MARKERS = re.compile(
    rb"BaseSettings|class\s+\w+\s*\([^)]{0,200}Settings|task_routes|TASK_ROUTES|CELERY_ROUTES"
    rb"|task_default_queue|DEFAULT_QUEUE|from_url|Sentinel|queue\s*="
)


@dataclass(eq=False)
class _Module:
    path: str  # relative to the root, with forward slashes
    tree: ast.Module
    aliases: dict[str, str]  # local name -> dotted origin of every import


def _python_files(root: str) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root):
        # Sorted so that "first" and "last" (and thus the facts) do not depend on the file system.
        dirnames[:] = sorted(d for d in dirnames if not _skipped_dir(dirpath, d))
        for name in sorted(filenames):
            if name.endswith(".py") and not _is_test_file(name):
                yield os.path.join(dirpath, name)


def _skipped_dir(parent: str, name: str) -> bool:
    # Dot-folders hold VCS data, caches and tool virtualenvs (.git, .venv, .tox), never app code.
    if name.startswith(".") or name in _SKIP_DIRS or name.endswith(".egg-info"):
        return True
    return os.path.isfile(os.path.join(parent, name, "pyvenv.cfg"))


def _is_test_file(name: str) -> bool:
    # A test's own Settings subclass or fake Celery app is not what production runs.
    return name == "conftest.py" or name.startswith("test_") or name.endswith("_test.py")


def _load(root: str, max_files: int, max_bytes: int) -> list[_Module]:
    modules: list[_Module] = []
    budget, files = max_bytes, 0
    for path in _python_files(root):
        try:
            info = os.stat(path)
        except OSError:
            continue
        # Only regular files: a FIFO or device named *.py would block or never end.
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_FILE_BYTES:
            continue
        if files >= max_files or info.st_size > budget:
            break
        data = _read(path)
        files += 1
        if data is None:
            continue
        budget -= len(data)
        if not _MARKERS.search(data):
            continue
        tree = _parse(data, path)
        if tree is not None:
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            modules.append(_Module(rel, tree, _import_aliases(tree)))
    return modules


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read(_MAX_FILE_BYTES + 1)
    except OSError:
        return None
    return None if len(data) > _MAX_FILE_BYTES else data  # grew since stat


def _parse(data: bytes, path: str) -> ast.Module | None:
    # Bytes, not text: ast honours the file's own coding cookie and BOM.
    try:
        with warnings.catch_warnings():
            # Invalid escapes in the app's strings are the app's business, not noise for our users.
            warnings.simplefilter("ignore")
            return ast.parse(data, filename=path)
    # MemoryError: CPython's parser reports absurdly deep nesting that way on some versions.
    except (SyntaxError, ValueError, RecursionError, UnicodeDecodeError, MemoryError):
        return None


def _import_aliases(tree: ast.Module) -> dict[str, str]:
    aliases: dict[str, str] = {}
    # setdefault: in `try: import a except ImportError: import b` the preferred import comes first.
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for name in node.names:
                local = name.asname or name.name.partition(".")[0]
                aliases.setdefault(local, name.name if name.asname else local)
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            for name in node.names:
                origin = f"{base}.{name.name}" if node.module else f"{base}{name.name}"
                aliases.setdefault(name.asname or name.name, origin)
    return aliases


def _dotted(node: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):  # a loop, not recursion: chains can be long
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _qualify(node: ast.expr, aliases: dict[str, str]) -> str:
    """The dotted name ``node`` refers to with imports expanded; "" when it is no plain name."""
    dotted = _dotted(node)
    if dotted is None:
        return ""
    head, _, rest = dotted.partition(".")
    origin = aliases.get(head, head)
    return f"{origin}.{rest}" if rest else origin


def _last(qualified: str) -> str:
    return qualified.rpartition(".")[2]


def _string(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


# --- required settings (TL402) ------------------------------------------------------------

_V2_ROOTS = frozenset({"pydantic_settings.BaseSettings", "pydantic_settings.main.BaseSettings"})
_V1_ROOTS = frozenset(
    {
        "pydantic.BaseSettings",
        "pydantic.env_settings.BaseSettings",
        "pydantic.v1.BaseSettings",
        "pydantic.v1.env_settings.BaseSettings",
    }
)


@dataclass(eq=False)  # identity, not a deep comparison of syntax trees
class _Class:
    module: _Module
    node: ast.ClassDef
    bases: tuple[str, ...]
    parents: list[_Class] = field(default_factory=list)  # local settings classes it derives from
    v1: bool | None = None  # None until known to be a settings class


def _settings_classes(modules: list[_Module]) -> list[_Class]:
    classes = [
        _Class(m, node, tuple(_qualify(b, m.aliases) for b in node.bases))
        for m in modules
        for node in ast.walk(m.tree)
        if isinstance(node, ast.ClassDef)
    ]
    by_name: dict[str, list[_Class]] = {}
    for cls in classes:
        by_name.setdefault(cls.node.name, []).append(cls)
    for cls in classes:
        cls.v1 = _root_flavour(cls.bases, by_name)
    # A fixpoint, not recursion: a local base may be defined after, or in another file than, its subclass.
    changed = True
    while changed:
        changed = False
        for cls in classes:
            parents = [
                p for b in cls.bases for p in by_name.get(_last(b), ()) if _may_derive(cls, p)
            ]
            if len(parents) > len(cls.parents):
                cls.parents, changed = parents, True
                cls.v1 = parents[0].v1 if cls.v1 is None else cls.v1
    return [cls for cls in classes if cls.v1 is not None]


def _may_derive(cls: _Class, parent: _Class) -> bool:
    # Classes are matched by bare name, so `class Settings(base.Settings)` must not find itself,
    # and two same-named classes must not become each other's ancestors.
    return parent.v1 is not None and all(a is not cls for a in _lineage(parent))


def _root_flavour(bases: tuple[str, ...], by_name: dict[str, list[_Class]]) -> bool | None:
    """True for pydantic 1's BaseSettings, False for pydantic-settings', None for neither."""
    for base in bases:
        if base in _V1_ROOTS:
            return True
        # A bare, unimported BaseSettings (star import) is taken for the current pydantic-settings.
        if base in _V2_ROOTS or (base == "BaseSettings" and base not in by_name):
            return False
    return None


def _lineage(cls: _Class) -> list[_Class]:
    """The class and its local settings ancestors, ancestors first (pydantic's field order)."""
    order: list[_Class] = []
    seen: set[int] = set()
    stack: list[tuple[_Class, bool]] = [(cls, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in reversed(node.parents))
    return order


def _required_settings(classes: list[_Class]) -> tuple[list[str], set[str], set[str]]:
    """Env names the app cannot start without, attribute names per env name, and source files."""
    ancestors = {id(p) for cls in classes for p in cls.parents}
    required: list[str] = []
    redis_attrs: set[str] = set()
    paths: set[str] = set()
    # Only leaves: a base class's fields reach the env through the subclass that is instantiated.
    for leaf in (c for c in classes if id(c) not in ancestors):
        lineage = _lineage(leaf)
        prefix, case_sensitive = _config(lineage)
        fields: dict[str, tuple[bool, str | None]] = {}
        for cls in lineage:
            paths.add(cls.module.path)
            for stmt in cls.node.body:
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                    spec = _field(stmt, stmt.target.id, cls.module.aliases, bool(leaf.v1))
                    if spec is not None:
                        fields[stmt.target.id] = spec
        for name, (is_required, env) in fields.items():
            env_name = env if env is not None else prefix + name
            env_name = env_name if case_sensitive else env_name.upper()
            if env_name.upper() == "REDIS_URL":
                redis_attrs.add(name.lower())
            if is_required and env_name not in required:
                required.append(env_name)
    return required, redis_attrs, paths


def _config(lineage: list[_Class]) -> tuple[str, bool]:
    prefix, case_sensitive = "", False
    for cls in lineage:  # ancestors first, so a subclass's own setting wins
        for key, value in _config_pairs(cls.node):
            if key == "env_prefix" and _string(value) is not None:
                prefix = str(_string(value))
            elif key == "case_sensitive" and isinstance(value, ast.Constant):
                case_sensitive = value.value is True
    return prefix, case_sensitive


def _config_pairs(node: ast.ClassDef) -> Iterator[tuple[str | None, ast.expr]]:
    # pydantic 2 takes config as class keywords or `model_config`; pydantic 1 as `class Config`.
    yield from ((kw.arg, kw.value) for kw in node.keywords)
    for stmt in node.body:
        target, value = _assignment(stmt) or ("", None)
        if target == "model_config" and isinstance(value, ast.Call):
            yield from ((kw.arg, kw.value) for kw in value.keywords)
        elif target == "model_config" and isinstance(value, ast.Dict):
            yield from ((_string(k), v) for k, v in zip(value.keys, value.values, strict=True))
        elif isinstance(stmt, ast.ClassDef) and stmt.name == "Config":
            yield from (pair for sub in stmt.body if (pair := _assignment(sub)) is not None)


def _assignment(stmt: ast.stmt) -> tuple[str, ast.expr] | None:
    """(name, value) of `name = value` or `name: T = value`."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target, value = stmt.targets[0], stmt.value
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        target, value = stmt.target, stmt.value
    else:
        return None
    return (target.id, value) if isinstance(target, ast.Name) else None


def _field(
    stmt: ast.AnnAssign, name: str, aliases: dict[str, str], v1: bool
) -> tuple[bool, str | None] | None:
    """(required, explicit env name) of a settings field, None when it is no field at all."""
    if name.startswith("_") or name == "model_config":
        return None  # private attributes and the config are not read from the environment
    annotation, metadata = _unwrap(stmt.annotation, aliases)
    if annotation is None:
        return None
    calls = [
        m for m in (stmt.value, *metadata) if isinstance(m, ast.Call) and _is_field(m, aliases)
    ]
    call = calls[0] if calls else None
    if stmt.value is not None and stmt.value is not call:
        default: ast.expr | None = stmt.value  # `= "x"`, `= None` or `= ...`
    else:
        default = _field_default(call) if call is not None else None
    explicit_ellipsis = isinstance(default, ast.Constant) and default.value is Ellipsis
    # pydantic 1 gives an Optional field without a default the default None; pydantic 2 does not.
    implicit_none = v1 and _is_optional(annotation, aliases) and not explicit_ellipsis
    required = (default is None or explicit_ellipsis) and not implicit_none
    return required, _explicit_env(call, v1)


def _unwrap(node: ast.expr, aliases: dict[str, str]) -> tuple[ast.expr | None, list[ast.expr]]:
    """The bare type and Annotated metadata of an annotation; None for a ClassVar."""
    if _string(node) is not None:
        try:  # a quoted forward reference is still a type we can look at
            node = ast.parse(str(_string(node)), mode="eval").body
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return node, []
    head = node.value if isinstance(node, ast.Subscript) else node
    kind = _last(_qualify(head, aliases))
    if kind == "ClassVar":
        return None, []
    if kind == "Annotated" and isinstance(node, ast.Subscript):
        if isinstance(node.slice, ast.Tuple) and node.slice.elts:
            return node.slice.elts[0], list(node.slice.elts[1:])
    return node, []


def _is_field(call: ast.Call, aliases: dict[str, str]) -> bool:
    return _last(_qualify(call.func, aliases)) == "Field"


def _field_default(call: ast.Call) -> ast.expr | None:
    if _keyword(call, "default_factory") is not None:
        return call  # any non-None, non-Ellipsis node: the field has a default
    return call.args[0] if call.args else _keyword(call, "default")


def _is_optional(node: ast.expr, aliases: dict[str, str]) -> bool:
    if isinstance(node, ast.Constant):
        return node.value is None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _is_optional(node.left, aliases) or _is_optional(node.right, aliases)
    if isinstance(node, ast.Subscript):
        kind = _last(_qualify(node.value, aliases))
        members = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        return kind == "Optional" or (
            kind == "Union" and any(_is_optional(m, aliases) for m in members)
        )
    return False


def _explicit_env(call: ast.Call | None, v1: bool) -> str | None:
    if call is None:
        return None
    # pydantic 1 reads `env=` and ignores aliases; pydantic-settings 2 reads aliases and ignores `env=`.
    names = ("env",) if v1 else ("validation_alias", "alias")
    for value in (_keyword(call, n) for n in names):
        if isinstance(value, ast.Call):  # AliasChoices / AliasPath: the first name is an env var
            value = value.args[0] if value.args else None
        elif isinstance(value, (ast.List, ast.Tuple, ast.Set)):
            value = value.elts[0] if value.elts else None
        if _string(value) is not None:
            return _string(value)
    return None


# --- queues (TL106) -------------------------------------------------------------------------

_ROUTE_KEYS = frozenset({"task_routes", "CELERY_TASK_ROUTES", "CELERY_ROUTES"})
_DEFAULT_KEYS = frozenset(
    {"task_default_queue", "CELERY_TASK_DEFAULT_QUEUE", "CELERY_DEFAULT_QUEUE"}
)
_SENDERS = frozenset({"task", "shared_task", "apply_async", "send_task"})
_Hit = tuple[int, int, str]  # line, column, queue: sortable into source order


@dataclass
class _Queues:
    routed: list[_Hit] = field(default_factory=list)
    defaults: list[_Hit] = field(default_factory=list)
    configured: bool = False  # a literal task_routes / default queue was seen, even an empty one


def _module_queues(mod: _Module) -> _Queues:
    found = _Queues()
    consts = dict(pair for pair in map(_assignment, mod.tree.body) if pair is not None)
    for node in ast.walk(mod.tree):
        for key, raw in _setting_pairs(node):
            # `task_routes = ROUTES` names a module-level literal; follow it one step.
            value = consts.get(raw.id, raw) if isinstance(raw, ast.Name) else raw
            if key in _ROUTE_KEYS and isinstance(value, (ast.Dict, ast.List, ast.Tuple)):
                found.configured = True
                found.routed.extend(_hit(q) for q in _route_queues(value, 0))
            elif key in _DEFAULT_KEYS and (queue := _default_queue(value)) is not None:
                found.configured = True
                found.defaults.append(_hit(queue))
            elif key == "queue" and isinstance(node, ast.Call) and _sends_tasks(node.func):
                if (queue := _queue_name(value)) is not None:
                    found.routed.append(_hit(queue))
    return found


def _hit(node: ast.Constant) -> _Hit:
    return node.lineno, node.col_offset, str(node.value)


def _setting_pairs(node: ast.AST) -> Iterator[tuple[str, ast.expr]]:
    """(name, value) for each way code gives a Celery setting a value."""
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if isinstance(target, ast.Name):
                yield target.id, node.value
            elif isinstance(target, ast.Attribute):  # app.conf.task_routes = ...
                yield target.attr, node.value
            elif isinstance(target, ast.Subscript) and _string(target.slice) is not None:
                yield str(_string(target.slice)), node.value  # app.conf["task_routes"] = ...
    elif isinstance(node, ast.Call):  # Celery(..., task_routes=...), conf.update(...), queue=...
        yield from ((kw.arg, kw.value) for kw in node.keywords if kw.arg is not None)
    elif isinstance(node, ast.Dict):  # conf.update({"task_routes": ...}), config dicts
        for key, value in zip(node.keys, node.values, strict=True):
            if _string(key) is not None:
                yield str(_string(key)), value


def _route_queues(value: ast.expr, depth: int) -> Iterator[ast.Constant]:
    # task_routes is a dict, or a list/tuple of such dicts or of (pattern, route) pairs.
    if isinstance(value, ast.Dict):
        yield from (q for route in value.values if (q := _route_target(route)) is not None)
    elif isinstance(value, (ast.List, ast.Tuple)) and depth < 3:
        for item in value.elts:
            if (
                isinstance(item, (ast.Tuple, ast.List))
                and len(item.elts) == 2
                and _string(item.elts[0]) is not None
            ):
                if (queue := _route_target(item.elts[1])) is not None:
                    yield queue
            else:
                yield from _route_queues(item, depth + 1)


def _route_target(route: ast.expr) -> ast.Constant | None:
    if isinstance(route, ast.Dict):  # {"queue": "default", "routing_key": ...}
        return next(
            (
                _queue_name(v)
                for k, v in zip(route.keys, route.values, strict=True)
                if _string(k) == "queue"
            ),
            None,
        )
    return _queue_name(route)  # Celery reads a bare string route as the queue's name


def _queue_name(node: ast.expr) -> ast.Constant | None:
    if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)):
        if _last(_dotted(node.func) or "") == "Queue":  # kombu.Queue("calls", ...)
            node = node.args[0] if node.args else (_keyword(node, "name") or node)
    return node if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _default_queue(node: ast.expr) -> ast.Constant | None:
    # os.getenv("CELERY_TASK_DEFAULT_QUEUE", "calls"): the code's fallback is what runs by default.
    if isinstance(node, ast.Call) and _last(_dotted(node.func) or "") in {"getenv", "get"}:
        return _queue_name(node.args[1]) if len(node.args) == 2 else None
    return _queue_name(node)


def _sends_tasks(func: ast.expr) -> bool:
    return _last(_dotted(func) or "") in _SENDERS


# --- REDIS_URL client (TL309) ---------------------------------------------------------------

_REDIS_PACKAGES = frozenset({"redis", "aioredis"})  # redis.sentinel, redis.asyncio.sentinel, ...


def _redis_usage(mod: _Module, names: set[str]) -> tuple[bool, bool]:
    """(REDIS_URL reaches a from_url call, a redis Sentinel client is used beside REDIS_URL)."""
    from_url_calls: list[ast.Call] = []
    sentinel_calls = False
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Call):
            qualified = _qualify(node.func, mod.aliases)
            if _is_from_url(node.func, qualified):
                from_url_calls.append(node)
            elif _last(qualified) == "Sentinel" and qualified.partition(".")[0] in _REDIS_PACKAGES:
                sentinel_calls = True
    # The Sentinel client gets hosts and a master name, rarely the URL itself, so REDIS_URL read
    # anywhere in the same module is taken as what it serves.
    sentinel = sentinel_calls and _mentions(mod.tree, names, set())
    if not from_url_calls:  # the common case: no taint analysis needed
        return False, sentinel
    tainted = _tainted(mod.tree, names)
    args = (a for call in from_url_calls for a in (*call.args, *(k.value for k in call.keywords)))
    return any(_mentions(a, names, tainted) for a in args), sentinel


def _tainted(tree: ast.Module, names: set[str]) -> set[str]:
    """Variables and attributes that hold REDIS_URL (flow-insensitive, a few rounds)."""
    flows = list(_flows(tree))
    tainted: set[str] = set()
    # Rounds follow short chains: `url = os.getenv("REDIS_URL")`, then `self.url = url or ...`.
    for _ in range(4):
        grown = {t for targets, value in flows if _mentions(value, names, tainted) for t in targets}
        if grown <= tainted:
            break
        tainted |= grown
    return tainted


def _is_from_url(func: ast.expr, qualified: str) -> bool:
    # Any `X.from_url(...)` (redis.Redis, redis.asyncio, aioredis, ConnectionPool); a bare
    # `from_url(...)` only when imported, since a local helper of that name may do anything.
    if isinstance(func, ast.Attribute):
        return func.attr == "from_url"
    return qualified != "from_url" and _last(qualified) == "from_url"


def _flows(tree: ast.Module) -> Iterator[tuple[list[str], ast.AST]]:
    """(targets, value) for each assignment and parameter default in the module."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            yield [d for t in targets if (d := _dotted(t)) is not None], node.value
        elif isinstance(node, ast.arguments):
            positional = [*node.posonlyargs, *node.args]
            pairs = zip(
                positional[len(positional) - len(node.defaults) :], node.defaults, strict=True
            )
            for arg, default in [*pairs, *zip(node.kwonlyargs, node.kw_defaults, strict=True)]:
                if default is not None:
                    yield [arg.arg], default


def _mentions(node: ast.AST, names: set[str], tainted: set[str]) -> bool:
    """Whether an expression reads REDIS_URL: by env name, settings attribute or tainted variable."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            word, dotted = sub.id, _dotted(sub)
        elif isinstance(sub, ast.Attribute):
            word, dotted = sub.attr, _dotted(sub)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            word, dotted = sub.value, None  # os.environ["REDIS_URL"], os.getenv("REDIS_URL")
        else:
            continue
        if word.lower() in names or dotted in tainted:
            return True
    return False


# --- putting it together --------------------------------------------------------------------


def read_app_facts(
    root: str | os.PathLike[str], max_files: int = 2000, max_bytes: int = 2_000_000
) -> AppFacts:
    """Read what the app under ``root`` requires and where it sends work, without running it."""
    base = os.fspath(root)
    modules = _load(base, max_files, max_bytes)
    sources: set[str] = set()

    classes = _settings_classes(modules)
    required, redis_attrs, settings_paths = _required_settings(classes)
    sources |= settings_paths

    routed: list[str] = []
    defaults: list[str] = []
    configured = False
    from_url = sentinel = False
    for mod in modules:
        queues = _module_queues(mod)
        configured = configured or queues.configured
        routed.extend(q for _, _, q in sorted(queues.routed + queues.defaults))
        defaults.extend(q for _, _, q in sorted(queues.defaults))
        mod_from_url, mod_sentinel = _redis_usage(mod, {"redis_url", *redis_attrs})
        from_url, sentinel = from_url or mod_from_url, sentinel or mod_sentinel
        if queues.routed or queues.configured or mod_from_url or mod_sentinel:
            sources.add(mod.path)

    return AppFacts(
        required_settings=tuple(required) if classes else None,
        routed_queues=tuple(dict.fromkeys(routed)) if routed or configured else None,
        # Celery keeps the last value set; files are read in sorted order.
        default_queue=defaults[-1] if defaults else None,
        redis_url_client="from_url" if from_url else "sentinel" if sentinel else None,
        sources=tuple(m.path for m in modules if m.path in sources),
    )
