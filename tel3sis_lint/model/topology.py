"""The deployment model: what the parsed files mean together. Built once; rules only ask."""

from __future__ import annotations

import functools
import ipaddress
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app_source import AppFacts

from ..deployment import (
    ComposeFile,
    EnvFile,
    Located,
    PgBouncerIni,
    RedisConf,
    SentinelMonitor,
    YMap,
)
from ..diagnostics import Location
from . import roles
from .commands import CeleryCall, find_celery
from .services import Mount, Service, Setting
from .urls import Url, parse_url_list

_GENERIC_SETTINGS = frozenset({"SECRET_KEY", "BASE_URL", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL"})
APP_URL_KEYS = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")


@dataclass(frozen=True)
class ModelOptions:
    """The parts of the user's settings that change what the deployment *means*."""

    app: str = "auto"  # auto | tel3sis | generic
    required_settings: tuple[str, ...] = (
        "SECRET_KEY",
        "BASE_URL",
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
    )
    celery_wrappers: tuple[str, ...] = ()
    pgbouncer_port: int = 6432  # where PgBouncer listens when neither file nor image says
    require_pgbouncer: bool = True  # the guide: the app reaches PostgreSQL through PgBouncer
    redis_url_client: str = "from_url"  # how the app reads REDIS_URL: from_url | sentinel
    routed_queues: tuple[str, ...] = ("default",)  # queues the app's tasks are sent to
    default_queue: str | None = None  # the app's task_default_queue, when its code sets one
    user_set: frozenset[str] = frozenset()  # fields the settings file set (they win over code)
    facts_from: tuple[str, ...] = ()  # app source files the facts above were read from

    def with_facts(self, facts: AppFacts) -> ModelOptions:
        """The settings with what the app's own code says filled in where the user said nothing."""
        changes: dict[str, object] = {}
        if facts.required_settings is not None and "required_settings" not in self.user_set:
            changes["required_settings"] = facts.required_settings
        if facts.routed_queues is not None and "routed_queues" not in self.user_set:
            changes["routed_queues"] = facts.routed_queues
        if facts.redis_url_client is not None and "redis_url_client" not in self.user_set:
            changes["redis_url_client"] = facts.redis_url_client
        if facts.default_queue is not None:
            changes["default_queue"] = facts.default_queue
        if (
            facts.required_settings is not None
            and self.app == "auto"
            and "app" not in self.user_set
        ):
            changes["app"] = "tel3sis"  # the code declares its settings: the app rules apply
        if changes:
            changes["facts_from"] = facts.sources
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class CeleryService:
    service: Service
    call: CeleryCall
    literal_concurrency: bool  # --concurrency written as a number in the compose file
    concurrency: str | None  # the text after interpolation and container-env expansion
    concurrency_source: Location | None = None  # where a ${VAR} in it got its value
    image_concurrency: bool = False  # the image's own setting or default (not the CPU count)

    @property
    def is_worker(self) -> bool:
        return self.call.subcommand == "worker"

    @property
    def is_beat(self) -> bool:
        return self.call.subcommand == "beat" or (self.is_worker and self.call.embedded_beat)


@dataclass(frozen=True)
class PgBouncer:
    """One PgBouncer: a service (image env and/or mounted ini) or a lone pgbouncer.ini."""

    anchor: Location
    service: Service | None
    ini: PgBouncerIni | None
    flavor: str
    settings: Mapping[str, Located[str]]  # pgbouncer.ini names -> effective value
    port: int
    port_loc: Location | None
    databases: tuple[str, ...] | None  # None: unknown (built by the image)
    wildcard: bool

    def hosts(self) -> tuple[str, ...]:
        return self.service.hostnames if self.service else ()


@dataclass(frozen=True)
class Sentinel:
    anchor: Location
    service: Service | None
    conf: RedisConf | None
    instances: int
    monitors: tuple[SentinelMonitor, ...]
    config_mount: Mount | None = None


@dataclass(frozen=True)
class RedisNode:
    service: Service
    primary: str | None  # host of the primary this node replicates, if a replica


@dataclass(frozen=True)
class AppView:
    """The app's settings as one service (or a lone .env) sees them."""

    settings: Mapping[str, Setting]
    anchor: Location  # where a missing setting would be added
    service: Service | None = None
    template: bool = False
    job: bool = False  # a one-off task (migrations), not the running web/worker/beat

    def get(self, key: str) -> Setting | None:
        return self.settings.get(key)


@dataclass(frozen=True)
class Deployment:
    root: str
    compose_files: tuple[ComposeFile, ...] = ()
    env_files: tuple[EnvFile, ...] = ()
    pgbouncer_files: tuple[PgBouncerIni, ...] = ()
    conf_files: tuple[RedisConf, ...] = ()
    services: tuple[Service, ...] = ()
    problems: tuple[Located[str], ...] = ()
    unresolved: tuple[Located[str], ...] = ()  # ${VAR} without value or default
    required_missing: tuple[Located[str], ...] = ()  # ${VAR:?err} without value
    missing_env_files: tuple[tuple[Service, Located[str], str | None], ...] = ()
    celery: tuple[CeleryService, ...] = ()
    pgbouncers: tuple[PgBouncer, ...] = ()
    postgres: tuple[Service, ...] = ()
    redis_nodes: tuple[RedisNode, ...] = ()
    sentinels: tuple[Sentinel, ...] = ()
    cluster_nodes: tuple[Service, ...] = ()
    app: tuple[AppView, ...] = ()
    tel3sis_app: bool = False
    options: ModelOptions = field(default_factory=ModelOptions)
    variant: str = ""  # the Compose profile this view of the project runs ("" = no profiles)
    environment: str = ""  # the environment's name ("" for a folder's main deployment)
    mode: str = "production"  # or "development": the high-availability policy is off
    compose_read: frozenset[str] = frozenset()  # env files Compose reads (paths as shown)
    dotenv_read: frozenset[str] = frozenset()  # env files the app reads with python-dotenv

    # ---- questions rules ask -------------------------------------------------

    @property
    def has_compose(self) -> bool:
        return bool(self.compose_files)

    @property
    def workers(self) -> tuple[CeleryService, ...]:
        return tuple(c for c in self.celery if c.is_worker)

    @property
    def sentinel_count(self) -> int:
        return sum(s.instances for s in self.sentinels)

    @property
    def cluster_count(self) -> int:
        return sum(s.instances for s in self.cluster_nodes)

    @functools.cached_property
    def _hosts(self) -> dict[str, Service]:
        index: dict[str, Service] = {}
        for svc in self.services:
            for name in svc.hostnames:
                index.setdefault(name, svc)
        return index

    def service_for_host(self, host: str) -> Service | None:
        return self._hosts.get(host.lower())

    def distinct_settings(self, key: str) -> Iterator[tuple[AppView, Setting]]:
        """Each place ``key`` is set with a value, as the app's services see it, once
        (three services reading one .env line see one setting)."""
        seen: set[Location] = set()
        for view in self.app:
            s = view.get(key)
            if s is None or not s.value or s.loc in seen:
                continue
            seen.add(s.loc)
            yield view, s

    def secrets(self) -> set[str]:
        """Every secret value the deployment holds, for masking (see masking.remember_secrets)."""
        from ..masking import is_secret_key

        found: set[str] = set()
        values: set[tuple[str, str]] = set()
        for svc in self.services:
            values.update((s.key, s.value) for s in svc.env.values() if s.value)
        for view in self.app:
            values.update((s.key, s.value) for s in view.settings.values() if s.value)
        for key, value in values:
            if "://" in value:
                if "@" in value:
                    for url in parse_url_list(value) or []:
                        if url.password:
                            found.add(url.password)
            elif is_secret_key(key):
                found.add(value)
        for env in self.env_files:
            for e in env.entries:
                if e.value and is_secret_key(e.key):
                    found.add(e.value)
        for svc in self.services:
            argv = list(svc.all_argv())
            for i, word in enumerate(argv[:-1]):
                if word in ("--requirepass", "--masterauth", "-a"):
                    found.add(argv[i + 1])
        for conf in self.conf_files:
            for d in conf.directives:
                if d.name in ("requirepass", "masterauth") and d.args:
                    found.add(d.args[0])
                elif d.name == "sentinel" and len(d.args) >= 3 and d.args[0].lower() == "auth-pass":
                    found.add(d.args[2])
        return found

    def master_names(self) -> set[str]:
        return {m.master for s in self.sentinels for m in s.monitors}

    def pgbouncer_for_host(self, host: str) -> PgBouncer | None:
        for pgb in self.pgbouncers:
            if host.lower() in pgb.hosts():
                return pgb
        return None

    def redis_target(self, text: str) -> str | None:
        """Which Redis deployment a URL (or URL list) reaches, as a comparable identity."""
        urls = parse_url_list(text)
        if not urls:
            return None
        first = urls[0]
        if first.scheme in ("sentinel", "sentinels"):
            masters = sorted(self.master_names())
            if len(masters) == 1:
                return "master:" + masters[0]
            # several masters: which one is in the client's transport options, not the URL
            return None if masters else "sentinel:" + first.host
        if first.scheme not in ("redis", "rediss"):
            return None
        return self._redis_host_identity(first)

    def master_of(self, svc: Service) -> str | None:
        """The Sentinel master name that ``svc`` (a primary, or its replica) belongs to."""
        primary = next(
            (n.primary for n in self.redis_nodes if n.service is svc and n.primary), None
        )
        for s in self.sentinels:
            for m in s.monitors:
                host = m.host.lower()
                if host in svc.hostnames or (primary is not None and host == primary):
                    return m.master
        return None

    def _redis_host_identity(self, url: Url) -> str | None:
        host = url.host or "localhost"
        if host in self.master_names() and self.service_for_host(host) is None:
            return "master:" + host
        svc = self.service_for_host(host)
        if (
            svc is None
            and self.sentinels
            and url.port is None
            and "." not in host
            and not _is_ip(host)
        ):
            return None  # a master name Sentinel does not know (TL305's): nothing to compare
        if svc is not None:
            master = self.master_of(svc)
            if master is not None:
                return "master:" + master
            return f"service:{svc.name}:{url.port or 6379}"
        return f"host:{host}:{url.port or 6379}"

    def is_master_name_url(self, url: Url) -> bool:
        """``redis://<master-name>/N``: the host is a monitored master name, not a host."""
        return (
            url.scheme in ("redis", "rediss")
            and url.host in self.master_names()
            and self.service_for_host(url.host) is None
        )


# ---------------------------------------------------------------- building


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


_VAR_NAME = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


def _value_source(raw: str, svc: Service, project: EnvFile | None) -> Location | None:
    """Where the variable in ``raw`` (``${CELERY_WORKER_CONCURRENCY:-4}``) gets its value."""
    for name in _VAR_NAME.findall(raw):
        if project is not None:
            for entry in reversed(project.entries):
                if entry.key == name:
                    return entry.loc
        setting = svc.env.get(name)
        if setting is not None:
            return setting.loc
    return None


def celery_services(
    services: tuple[Service, ...], wrappers: tuple[str, ...], project: EnvFile | None = None
) -> list[CeleryService]:
    from .wrappers import airflow_defaults, known_wrapper

    out = []
    for svc in services:
        argv = list(svc.all_argv())
        call = find_celery(argv, wrappers) if argv else None
        if call is not None and call.subcommand not in ("worker", "beat"):
            continue  # flower, events, inspect...
        image_default: tuple[str, str] | None = None
        if call is None:
            wrapped = known_wrapper(svc) if argv else None
            if wrapped is None:
                continue
            call = wrapped.call
            if wrapped.concurrency_env:
                image_default = (wrapped.concurrency_env, wrapped.concurrency_default or "")
        elif call.subcommand == "worker":
            image_default = airflow_defaults(svc)
        if call.concurrency is None and image_default is not None:
            name, default = image_default
            setting = svc.env.get(name)
            value = setting.value if setting is not None and setting.value else default
            out.append(
                CeleryService(svc, call, False, value, setting.loc if setting else None, True)
            )
            continue
        raw_call = find_celery(list(svc.entrypoint) + list(svc.argv_raw), wrappers)
        raw_conc = raw_call.concurrency if raw_call else None
        conc = call.concurrency
        if conc is not None and "$" in conc:
            from ..parsers.interpolation import interpolate

            env = {k: s.value for k, s in svc.env.items() if s.value is not None}
            try:
                conc = interpolate(conc, env) or None
            except ValueError:
                conc = None
        literal = raw_conc is not None and "$" not in raw_conc and conc is not None
        source = _value_source(raw_conc, svc, project) if raw_conc and "$" in raw_conc else None
        out.append(CeleryService(svc, call, literal, conc, source))
    return out


_BITNAMI_PGB = {
    "listen_port": "PGBOUNCER_PORT",
    "auth_type": "PGBOUNCER_AUTH_TYPE",
    "pool_mode": "PGBOUNCER_POOL_MODE",
    "default_pool_size": "PGBOUNCER_DEFAULT_POOL_SIZE",
    "max_client_conn": "PGBOUNCER_MAX_CLIENT_CONN",
    "listen_addr": "PGBOUNCER_LISTEN_ADDRESS",
    "max_prepared_statements": "PGBOUNCER_MAX_PREPARED_STATEMENTS",
}
_EDOBURU_PGB = {
    "listen_port": "LISTEN_PORT",
    "auth_type": "AUTH_TYPE",
    "pool_mode": "POOL_MODE",
    "default_pool_size": "DEFAULT_POOL_SIZE",
    "max_client_conn": "MAX_CLIENT_CONN",
    "listen_addr": "LISTEN_ADDR",
    "max_prepared_statements": "MAX_PREPARED_STATEMENTS",
}
_DEFAULT_PORT = {"bitnami": 6432, "edoburu": 5432}


def _ini_for_service(svc: Service, inis: Mapping[str, PgBouncerIni]) -> PgBouncerIni | None:
    for mount in svc.mounts:
        if mount.source is None:
            continue
        if mount.source in inis:
            return inis[mount.source]
        for path, ini in inis.items():
            if os.path.dirname(path) == mount.source:
                return ini
    if svc.build_context:
        for path, ini in inis.items():
            if os.path.dirname(path) == svc.build_context:
                return ini
    return None


def _pgbouncer(
    anchor: Location, svc: Service | None, ini: PgBouncerIni | None, default_port: int
) -> PgBouncer:
    flavor = roles.pgbouncer_flavor(svc) if svc else "file"
    settings: dict[str, Located[str]] = {}
    databases: tuple[str, ...] | None = None
    wildcard = False
    if ini is not None:
        section = ini.section("pgbouncer")
        if section is not None:
            for s in section.settings:
                settings[s.key] = Located(s.value, s.value_loc)
        dbs = ini.section("databases")
        names = tuple(s.key for s in dbs.settings) if dbs else ()
        wildcard = "*" in names
        databases = tuple(n for n in names if n != "*")
    elif svc is not None:
        mapping = (
            _BITNAMI_PGB if flavor == "bitnami" else _EDOBURU_PGB if flavor == "edoburu" else {}
        )
        for name, env_key in mapping.items():
            var = svc.env.get(env_key)
            if var is not None and var.value is not None:
                settings[name] = Located(var.value, var.loc)
    # An image's own default applies only when it writes the config itself; a mounted
    # pgbouncer.ini without listen_port gets PgBouncer's built-in 6432.
    port = default_port if ini is not None else _DEFAULT_PORT.get(flavor, default_port)
    port_loc = None
    if "listen_port" in settings and settings["listen_port"].value.strip().isdigit():
        port = int(settings["listen_port"].value.strip())
        port_loc = settings["listen_port"].loc
    return PgBouncer(anchor, svc, ini, flavor, settings, port, port_loc, databases, wildcard)


def _conf_for_service(
    svc: Service, confs: Mapping[str, RedisConf]
) -> tuple[RedisConf | None, Mount | None]:
    """The redis/sentinel config a service runs: the file its command names, else what it mounts."""
    for arg in svc.all_argv():
        if not arg.endswith(".conf"):
            continue
        for mount in svc.mounts:
            if mount.source is None or not mount.target:
                continue
            target = mount.target.rstrip("/")
            if arg == target and mount.source in confs:
                return confs[mount.source], mount
            if arg.startswith(target + "/"):
                host = os.path.normpath(os.path.join(mount.source, arg[len(target) + 1 :]))
                if host in confs:
                    return confs[host], mount
    for mount in svc.mounts:
        if mount.source is None:
            continue
        if mount.source in confs:
            return confs[mount.source], mount
        for path, conf in confs.items():
            if os.path.dirname(path) == mount.source:
                return conf, mount
    return None, None


def _bitnami_sentinel_monitor(svc: Service) -> SentinelMonitor:
    def env(key: str, default: str) -> str:
        s = svc.env.get(key)
        return s.value if s is not None and s.value else default

    quorum = env("REDIS_SENTINEL_QUORUM", "2")
    port = env("REDIS_MASTER_PORT_NUMBER", "6379")
    loc = svc.env["REDIS_SENTINEL_QUORUM"].loc if "REDIS_SENTINEL_QUORUM" in svc.env else svc.loc
    return SentinelMonitor(
        env("REDIS_MASTER_SET", "mymaster"),
        env("REDIS_MASTER_HOST", "redis"),
        int(port) if port.isdigit() else 6379,
        int(quorum) if quorum.isdigit() else 2,
        loc,
    )


def build_model(
    root: str,
    compose_files: list[ComposeFile],
    services: list[Service],
    env_files: list[EnvFile],
    inis: Mapping[str, PgBouncerIni],
    confs: Mapping[str, RedisConf],
    problems: list[Located[str]],
    unresolved: list[Located[str]],
    required_missing: list[Located[str]],
    missing_env: list[tuple[Service, Located[str], str | None]],
    lone_env: list[EnvFile],
    options: ModelOptions,
    variant: str = "",
    project_env_file: EnvFile | None = None,
    environment: str = "",
    mode: str = "production",
) -> Deployment:
    svcs = tuple(services)
    celery = celery_services(svcs, options.celery_wrappers, project_env_file)
    celery_names = {c.service.name for c in celery}

    # PgBouncer: services first, then ini files that no service claimed.
    pgbouncers: list[PgBouncer] = []
    claimed_inis: set[str] = set()
    for svc in svcs:
        ini = _ini_for_service(svc, inis)
        if roles.is_pgbouncer(svc) or (ini is not None and svc.build_context and not svc.image):
            if ini is not None:
                claimed_inis.update(p for p, i in inis.items() if i is ini)
            pgbouncers.append(_pgbouncer(svc.loc, svc, ini, options.pgbouncer_port))
    for path, ini in sorted(inis.items()):
        if path not in claimed_inis and ini.section("pgbouncer") is not None:
            pgbouncers.append(_pgbouncer(Location(ini.path), None, ini, options.pgbouncer_port))
    pgb_services = {p.service.name for p in pgbouncers if p.service}

    postgres = tuple(s for s in svcs if roles.is_postgres(s) and s.name not in pgb_services)

    sentinels: list[Sentinel] = []
    claimed_confs: set[str] = set()
    cluster: list[Service] = []
    redis_nodes: list[RedisNode] = []
    for svc in svcs:
        if svc.name in pgb_services:
            continue
        conf, mount = _conf_for_service(svc, confs)
        if conf is not None:
            claimed_confs.update(p for p, c in confs.items() if c is conf)
        if roles.is_sentinel(svc) or (conf is not None and conf.monitors):
            if conf is not None and conf.monitors:
                monitors = conf.monitors
            elif "bitnami" in svc.image_repo or "sentinel" in svc.image_name:
                monitors = (_bitnami_sentinel_monitor(svc),)
            else:
                monitors = ()
            sentinels.append(Sentinel(svc.loc, svc, conf, svc.instances, monitors, mount))
        elif roles.is_cluster_node(svc) or (conf is not None and _cluster_enabled(conf)):
            cluster.append(svc)
        elif roles.is_redis(svc):
            primary = roles.replica_of(svc)
            if primary is None and conf is not None:
                directive = conf.get("replicaof") or conf.get("slaveof")
                if directive is not None and directive.args:
                    primary = directive.args[0].lower()
            redis_nodes.append(RedisNode(svc, primary))
    has_sentinel_services = bool(sentinels)
    for path, conf in sorted(confs.items()):
        if path in claimed_confs or not conf.is_sentinel:
            continue
        if has_sentinel_services:
            continue  # a template or leftover beside mounted configs: not another Sentinel
        known = len(conf.sentinel("known-sentinel"))
        sentinels.append(Sentinel(Location(conf.path), None, conf, 1 + known, conf.monitors))

    # The app: services that run it see its settings; without compose, the lone .env files.
    infra = (
        pgb_services
        | {s.name for s in postgres}
        | {s.service.name for s in sentinels if s.service}
        | {s.name for s in cluster}
        | {n.service.name for n in redis_nodes}
    )
    views: list[AppView] = []
    app_images = {c.service.image for c in celery if c.service.image}
    app_contexts = {c.service.build_context for c in celery if c.service.build_context}
    for svc in svcs:
        if svc.name in infra or _is_tool(svc, options.celery_wrappers):
            continue
        keys = set(svc.env)
        if (
            svc.name in celery_names
            or (svc.image and svc.image in app_images)
            or (svc.build_context and svc.build_context in app_contexts)
            or keys & set(APP_URL_KEYS)
            or keys & set(options.required_settings)
        ):
            anchor = svc.environment_loc or svc.loc
            template = False
            for ref in svc.env_refs:
                if ref.file is not None:
                    anchor = Location(ref.file.path, ref.file.append_line, 1)
                    template = ref.file.template or ref.stand_in is not None
                    break
            views.append(AppView(svc.env, anchor, svc, template, job=_is_job(svc)))
    if not compose_files:
        for env in lone_env:
            settings = _dotenv_settings(env)
            views.append(
                AppView(settings, Location(env.path, env.append_line, 1), None, env.template)
            )

    tel3sis = options.app == "tel3sis"
    if options.app == "auto":
        # Names such as SECRET_KEY and BASE_URL are common to many apps; the app counts
        # as TEL3SIS-style when it names two required settings, one of them specific.
        specific = [k for k in options.required_settings if k not in _GENERIC_SETTINGS]
        for view in views:
            mentioned = [k for k in options.required_settings if k in view.settings]
            if len(mentioned) >= min(2, len(options.required_settings)) and (
                not specific or any(k in specific for k in mentioned)
            ):
                tel3sis = True
                break

    compose_read, dotenv_read = _env_readers(
        compose_files, svcs, env_files, lone_env, project_env_file, views, tel3sis
    )
    for env in env_files:
        if env.path in dotenv_read and env.path not in compose_read:
            problems = [
                *problems,
                *(
                    Located(
                        f"python-dotenv cannot parse '{e.key}: ...' (Compose's YAML-style form); "
                        f"write {e.key}=...",
                        e.loc,
                    )
                    for e in env.entries
                    if e.colon
                ),
            ]

    return Deployment(
        root=root,
        compose_files=tuple(compose_files),
        env_files=tuple(env_files),
        pgbouncer_files=tuple(inis.values()),
        conf_files=tuple(confs.values()),
        services=svcs,
        problems=tuple(problems),
        unresolved=tuple(unresolved),
        required_missing=tuple(required_missing),
        missing_env_files=tuple(missing_env),
        celery=tuple(celery),
        pgbouncers=tuple(pgbouncers),
        postgres=postgres,
        redis_nodes=tuple(redis_nodes),
        sentinels=tuple(sentinels),
        cluster_nodes=tuple(cluster),
        app=tuple(views),
        tel3sis_app=tel3sis,
        options=options,
        variant=variant,
        environment=environment,
        mode=mode,
        compose_read=frozenset(compose_read),
        dotenv_read=frozenset(dotenv_read),
    )


_TOOL = re.compile(
    r"flower|exporter|pgadmin|adminer|redisinsight|redis-commander|grafana|prometheus"
)
_JOB = re.compile(r"\b(alembic|migrate|migrations|makemigrations|createsuperuser|loaddata)\b")


def _is_tool(svc: Service, wrappers: tuple[str, ...]) -> bool:
    """Monitoring and admin tools that talk to the app's broker but are not the app."""
    if _TOOL.search(svc.image_repo) or _TOOL.search(svc.name):
        return True
    call = find_celery(list(svc.all_argv()), wrappers) if svc.all_argv() else None
    return call is not None and call.subcommand not in ("worker", "beat")


_WEB_WORKERS = re.compile(r"^(?:-w|--workers)(?:=(\d+))?$|^-w(\d+)$")


def web_processes(svc: Service) -> int | None:
    """Processes a web service runs: uvicorn/gunicorn ``--workers`` (or WEB_CONCURRENCY)."""
    argv = [w for part in svc.all_argv() for w in part.split()]
    if not any(
        w.rsplit("/", 1)[-1] in ("uvicorn", "gunicorn", "hypercorn", "daphne") for w in argv
    ):
        return None
    for i, word in enumerate(argv):
        m = _WEB_WORKERS.match(word)
        if m:
            value = m.group(1) or m.group(2) or (argv[i + 1] if i + 1 < len(argv) else "")
            return int(value) if value.isdigit() else None
    env = svc.env.get("WEB_CONCURRENCY")
    if env is not None and env.value and env.value.isdigit():
        return int(env.value)
    return 1


def _is_job(svc: Service) -> bool:
    return bool(_JOB.search(" ".join(svc.all_argv())))


def _env_readers(
    compose_files: list[ComposeFile],
    services: tuple[Service, ...],
    env_files: list[EnvFile],
    lone_env: list[EnvFile],
    project_env_file: EnvFile | None,
    views: list[AppView],
    tel3sis: bool,
) -> tuple[set[str], set[str]]:
    """Which env files Compose reads, and which the app itself reads with python-dotenv.

    Compose reads the project ``.env`` and every ``env_file``. The app reads a ``.env``
    with python-dotenv when it has no compose file around it (it runs from that folder),
    or, for a TEL3SIS-style app (pydantic settings with ``env_file=".env"``), when a
    service of the app bind-mounts the folder that holds the ``.env``.
    """
    compose: set[str] = set()
    if compose_files and project_env_file is not None:
        compose.add(project_env_file.path)
    for svc in services:
        for ref in svc.env_refs:
            if ref.file is not None:
                compose.add(ref.file.path)
    dotenv: set[str] = set()
    if not compose_files:
        dotenv.update(e.path for e in lone_env if not e.template)
    elif tel3sis:
        for view in views:
            if view.service is None:
                continue
            for mount in view.service.mounts:
                if mount.source is None:
                    continue
                for env in env_files:
                    if env.path.rsplit("/", 1)[-1] != ".env":
                        continue
                    absolute = os.path.abspath(env.path)
                    if absolute == mount.source or absolute.startswith(
                        mount.source.rstrip("/") + "/"
                    ):
                        dotenv.add(env.path)
    return compose, dotenv


def _cluster_enabled(conf: RedisConf) -> bool:
    directive = conf.get("cluster-enabled")
    return directive is not None and directive.args[:1] == ("yes",)


def _dotenv_settings(env: EnvFile) -> dict[str, Setting]:
    """A lone .env as the app reads it through python-dotenv (``${VAR}`` interpolation)."""
    from dotenv.variables import parse_variables

    out: dict[str, Setting] = {}
    scope: dict[str, str | None] = {}
    for entry in env.entries:
        if entry.colon:
            continue  # python-dotenv cannot read `KEY: value` (reported as TL001)
        value = entry.value
        unknown = False
        if value is not None and "${" in value:
            atoms = list(parse_variables(value))
            unknown = any(
                getattr(a, "name", None) is not None
                and a.name not in scope  # type: ignore[attr-defined]
                and a.default is None  # type: ignore[attr-defined]
                for a in atoms
            )
            value = "".join(atom.resolve(scope) for atom in atoms)
        scope[entry.key] = value
        if unknown:
            value = None
        if env.template and not value:
            value = None
        out[entry.key] = Setting(entry.key, value, entry.loc, env.template)
    return out


def app_urls(view: AppView, tel3sis: bool) -> dict[str, tuple[Setting, str]]:
    """The app's Redis/Celery URLs with its fallbacks applied: key -> (where set, via key)."""
    out: dict[str, tuple[Setting, str]] = {}
    redis = view.get("REDIS_URL")
    if redis is not None and redis.value:
        out["REDIS_URL"] = (redis, "REDIS_URL")
    broker = view.get("CELERY_BROKER_URL")
    if broker is not None and broker.value:
        out["CELERY_BROKER_URL"] = (broker, "CELERY_BROKER_URL")
    elif tel3sis and "REDIS_URL" in out:
        out["CELERY_BROKER_URL"] = (out["REDIS_URL"][0], "REDIS_URL")
    backend = view.get("CELERY_RESULT_BACKEND")
    if backend is not None and backend.value:
        out["CELERY_RESULT_BACKEND"] = (backend, "CELERY_RESULT_BACKEND")
    elif tel3sis and "CELERY_BROKER_URL" in out:
        out["CELERY_RESULT_BACKEND"] = (out["CELERY_BROKER_URL"][0], out["CELERY_BROKER_URL"][1])
    return out


__all__ = ["Deployment", "ModelOptions", "build_model", "app_urls", "YMap", "_is_ip"]
