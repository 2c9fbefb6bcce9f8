"""Which infrastructure a service is, from its image, command and environment."""

from __future__ import annotations

import re

from .services import Service

_EXPORTER = re.compile(r"exporter|pgadmin|adminer|insight|commander|backup|flower|metrics")
_POSTGRES = re.compile(
    r"^(postgres|postgresql|postgis|timescaledb(-ha)?|pgvector|supabase-postgres|postgresql-repmgr)$"
)
_REDIS = re.compile(r"^(redis|valkey|keydb|redis-stack|redis-stack-server|dragonfly)$")


def _argv_words(svc: Service) -> list[str]:
    words: list[str] = []
    for w in svc.all_argv():
        words.extend(w.split())
    return [w.rsplit("/", 1)[-1] for w in words]


def is_pgbouncer(svc: Service) -> bool:
    if _EXPORTER.search(svc.image_repo) or _EXPORTER.search(svc.name):
        return False
    if "pgbouncer" in svc.image_name:
        return True
    words = _argv_words(svc)
    return bool(words) and words[0] == "pgbouncer"


def pgbouncer_flavor(svc: Service) -> str:
    repo = svc.image_repo
    if repo.startswith("bitnami/") or "/bitnami/" in repo:
        return "bitnami"
    if repo.startswith("edoburu/"):
        return "edoburu"
    return "pgbouncer"


def is_postgres(svc: Service) -> bool:
    if _EXPORTER.search(svc.image_repo) or "pgbouncer" in svc.image_repo:
        return False
    return bool(_POSTGRES.match(svc.image_name))


def is_sentinel(svc: Service) -> bool:
    if _EXPORTER.search(svc.image_repo):
        return False
    if "sentinel" in svc.image_name:
        return True
    words = _argv_words(svc)
    if "redis-sentinel" in words:
        return True
    return "redis-server" in words and "--sentinel" in words


def is_cluster_node(svc: Service) -> bool:
    if "redis-cluster" in svc.image_name:
        return True
    words = [w.lower() for w in svc.all_argv()]
    for i, w in enumerate(words):
        if w == "--cluster-enabled" and i + 1 < len(words) and words[i + 1] == "yes":
            return True
    return False


def is_redis(svc: Service) -> bool:
    """A Redis data node (standalone, primary or replica); not Sentinel, not Cluster."""
    if is_sentinel(svc) or is_cluster_node(svc) or _EXPORTER.search(svc.image_repo):
        return False
    if _REDIS.match(svc.image_name):
        return True
    words = _argv_words(svc)
    return bool(words) and words[0] in ("redis-server", "valkey-server", "keydb-server")


def replica_of(svc: Service) -> str | None:
    """The primary a Redis node replicates (``--replicaof host port`` or bitnami env)."""
    argv = list(svc.all_argv())
    for i, w in enumerate(argv):
        if w in ("--replicaof", "--slaveof") and i + 1 < len(argv):
            return argv[i + 1].split()[0].lower()
    mode = svc.env.get("REDIS_REPLICATION_MODE")
    if mode is not None and (mode.value or "").lower() in ("slave", "replica"):
        host = svc.env.get("REDIS_MASTER_HOST")
        return (host.value or "").lower() if host is not None else ""
    return None


def has_password(svc: Service) -> bool:
    """A non-empty password on the command line or in the image's environment."""
    argv = list(svc.all_argv())
    for i, word in enumerate(argv):
        flag, eq, inline = word.partition("=")
        if flag == "--requirepass":
            value = inline if eq else (argv[i + 1] if i + 1 < len(argv) else "")
            if value.strip("'\""):
                return True
    for key in ("REDIS_PASSWORD", "REDIS_SENTINEL_PASSWORD", "VALKEY_PASSWORD"):
        s = svc.env.get(key)
        if s is not None and s.value:
            return True
    return False
