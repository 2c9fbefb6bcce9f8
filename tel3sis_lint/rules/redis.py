"""TL3xx: Redis, Sentinel and Cluster (guide: Redis High Availability, Scaling Notes)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..diagnostics import Finding, Location, Severity
from ..model.services import Setting
from ..model.topology import Deployment, app_urls
from ..model.urls import Url, parse_url_list
from ..plugins import hookimpl
from ..rule import Rule, RuleContext, rule, rules_of

GUIDE = "Redis High Availability; Scaling Notes"
URL_KEYS = ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
_MASTER_KEY = re.compile(r"(SENTINEL_MASTER|MASTER_NAME|MASTER_SET)$")  # not *_MASTER_PASSWORD


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def redis_settings(d: Deployment) -> Iterator[tuple[str, Setting, list[Url]]]:
    """Each distinct Redis URL setting the app's services see (explicit keys, parsed)."""
    for key in URL_KEYS:
        for _view, s in d.distinct_settings(key):
            urls = parse_url_list(s.value or "")
            if urls:
                yield key, s, urls


def _unknown_master(d: Deployment, url: Url) -> bool:
    """``redis://<name>/N`` in a Sentinel deployment where ``<name>`` is no monitored master,
    service or host: a wrong master name (TL305), not a server of its own (TL306)."""
    host = url.host
    names = d.master_names()
    return (
        bool(names)
        and url.scheme in ("redis", "rediss")
        and bool(host)
        and url.port is None  # the shorthand has no port; host:port is a server
        and host not in names
        and d.service_for_host(host) is None
        and "." not in host
        and not _is_ip(host)
        and host != "localhost"
    )


@rule(
    "TL301",
    "redis-single-point-of-failure",
    Severity.ERROR,
    "Redis runs as one instance with neither Sentinel nor Cluster",
    guide=GUIDE,
    production_only=True,
)
def redis_single_point_of_failure(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports each Redis service (redis, valkey, keydb images or `redis-server`) that runs
    as a single primary with no replica, in a deployment that has neither Sentinel nor
    Redis Cluster.

    ## Why
    Celery's broker, its result backend and the app's state all live in Redis: when
    that one instance stops, calls and tasks stop with it. The guide asks for Sentinel
    or Cluster in production.

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      redis:  # <- TL301: one instance, no replica, no Sentinel
        image: redis:7.2-alpine
        command: redis-server --appendonly yes
    ```

    Bad (`.env`):

    ```sh
    REDIS_URL=redis://redis:6379/0
    CELERY_BROKER_URL=redis://redis:6379/1
    CELERY_RESULT_BACKEND=redis://redis:6379/2
    ```

    Good (`docker-compose.yml`; `sentinel-2` and `sentinel-3` like `sentinel-1`, each with its own file):

    ```yaml
    services:
      redis:
        image: redis:7.2-alpine
        command: redis-server --appendonly yes

      redis-replica:
        image: redis:7.2-alpine
        command: redis-server --appendonly yes --replicaof redis 6379

      sentinel-1:
        image: redis:7.2-alpine
        command: redis-sentinel /etc/redis/sentinel.conf
        volumes:
          - ./sentinel/sentinel1.conf:/etc/redis/sentinel.conf
    ```

    Good (`.env`):

    ```sh
    # Celery and the app (a redis.sentinel.Sentinel client) find the primary through the Sentinels;
    # the master name (mymaster) is set in the app's transport options.
    REDIS_URL=sentinel://sentinel-1:26379;sentinel://sentinel-2:26379;sentinel://sentinel-3:26379
    CELERY_BROKER_URL=sentinel://sentinel-1:26379;sentinel://sentinel-2:26379;sentinel://sentinel-3:26379
    CELERY_RESULT_BACKEND=sentinel://sentinel-1:26379;sentinel://sentinel-2:26379;sentinel://sentinel-3:26379
    REDIS_SENTINEL_MASTER=mymaster
    ```

    ## How to fix
    Add a replica and three Sentinels (and point the URLs at them: TL309), or run
    Redis Cluster with at least six nodes.
    """
    d = ctx.deployment
    if d.sentinels or d.cluster_nodes:
        return
    replicated = {n.primary for n in d.redis_nodes if n.primary}
    for node in d.redis_nodes:
        if node.primary is not None:
            continue
        if replicated & set(node.service.hostnames):
            continue
        yield Finding(
            node.service.loc,
            f"Redis {node.service.name!r} is a single instance with neither Sentinel nor Cluster; "
            "when it stops, Celery and the app stop with it",
            key=f"redis:{node.service.name}",
        )


@dataclass(frozen=True)
class SentinelOptions:
    min_sentinels: int = field(default=3, metadata={"ge": 1})


@rule(
    "TL302",
    "too-few-sentinels",
    Severity.ERROR,
    "Fewer than 3 Sentinel nodes",
    options=SentinelOptions,
    guide=GUIDE,
    production_only=True,
)
def too_few_sentinels(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Counts the Sentinels of the deployment: Sentinel services (a `redis-sentinel`
    image or command, `redis-server --sentinel`) times their replicas. A lone
    sentinel.conf with no compose file counts as one Sentinel plus its
    `sentinel known-sentinel` lines. Fires below `min-sentinels`.

    ## Why
    Sentinels vote on failover; with fewer than three, losing one Sentinel (or the
    host it shares with Redis) leaves no majority, and the guide asks for "at least
    three Sentinel nodes".

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      sentinel-1:  # <- TL302: 2 Sentinels in all
        command: redis-sentinel /etc/redis/sentinel.conf
        volumes:
          - ./sentinel/sentinel1.conf:/etc/redis/sentinel.conf

      sentinel-2:
        command: redis-sentinel /etc/redis/sentinel.conf
        volumes:
          - ./sentinel/sentinel2.conf:/etc/redis/sentinel.conf
    ```

    Good (`docker-compose.yml`, plus `sentinel/sentinel3.conf` and `sentinel-3` in the `sentinel://` URLs):

    ```yaml
    services:
      sentinel-1:
        command: redis-sentinel /etc/redis/sentinel.conf
        volumes:
          - ./sentinel/sentinel1.conf:/etc/redis/sentinel.conf

      sentinel-2:
        command: redis-sentinel /etc/redis/sentinel.conf
        volumes:
          - ./sentinel/sentinel2.conf:/etc/redis/sentinel.conf

      sentinel-3:
        command: redis-sentinel /etc/redis/sentinel.conf
        volumes:
          - ./sentinel/sentinel3.conf:/etc/redis/sentinel.conf
    ```

    ## How to fix
    Run three Sentinels, each with its own config file (see TL311), on separate hosts.
    """
    d = ctx.deployment
    if not d.sentinels:
        return
    count = d.sentinel_count
    if count >= ctx.options.min_sentinels:
        return
    first = d.sentinels[0]
    yield Finding(
        first.anchor,
        f"{count} Sentinel{'s' if count != 1 else ''} in the deployment; run at least "
        f"{ctx.options.min_sentinels} so a failover can be agreed when one is lost",
        related=tuple(s.anchor for s in d.sentinels[1:]),
        key="sentinels",
    )


@rule(
    "TL303",
    "sentinel-quorum-invalid",
    Severity.ERROR,
    "Sentinel quorum larger than the Sentinels, or below a majority",
    guide=GUIDE,
)
def sentinel_quorum_invalid(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Compares the quorum of each `sentinel monitor <name> <host> <port> <quorum>` (or
    the bitnami image's `REDIS_SENTINEL_QUORUM`, default 2) with the number of
    Sentinels. A quorum larger than the Sentinels is an error: failover can never be
    agreed. A quorum below a majority is a warning: a minority can declare the
    primary down (split-brain risk).

    ## Why
    The quorum is how many Sentinels must agree that the primary is down.

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      redis-sentinel:
        image: bitnami/redis-sentinel:7.2
        environment:
          REDIS_MASTER_SET: mymaster
          REDIS_MASTER_HOST: redis
          REDIS_MASTER_PORT_NUMBER: "6379"
          REDIS_MASTER_PASSWORD: ${REDIS_PASSWORD}
          REDIS_SENTINEL_QUORUM: "4"  # <- TL303: more than the 3 Sentinels
        deploy:
          replicas: 3
    ```

    Good:

    ```yaml
    services:
      redis-sentinel:
        image: bitnami/redis-sentinel:7.2
        environment:
          REDIS_MASTER_SET: mymaster
          REDIS_MASTER_HOST: redis
          REDIS_MASTER_PORT_NUMBER: "6379"
          REDIS_MASTER_PASSWORD: ${REDIS_PASSWORD}
          REDIS_SENTINEL_QUORUM: "2"
        deploy:
          replicas: 3
    ```

    ## How to fix
    With three Sentinels use quorum 2; in general a majority, `n // 2 + 1`.
    """
    d = ctx.deployment
    count = d.sentinel_count
    if not count:
        return
    majority = count // 2 + 1
    seen: set[Location] = set()
    for s in d.sentinels:
        for m in s.monitors:
            if m.loc in seen:
                continue
            seen.add(m.loc)
            if m.quorum > count:
                yield Finding(
                    m.loc,
                    f"quorum {m.quorum} for master {m.master!r} is larger than the {count} "
                    f"Sentinel{'s' if count != 1 else ''} deployed, so a failover can never be agreed",
                    key=f"quorum:{m.master}",
                )
            elif m.quorum < majority:
                yield Finding(
                    m.loc,
                    f"quorum {m.quorum} for master {m.master!r} is below a majority of the {count} "
                    f"Sentinels ({majority}); a minority could start a failover",
                    key=f"quorum:{m.master}",
                    severity=Severity.WARNING,
                )


@dataclass(frozen=True)
class ClusterOptions:
    min_cluster_nodes: int = field(default=6, metadata={"ge": 1})


@rule(
    "TL304",
    "too-few-cluster-nodes",
    Severity.ERROR,
    "Redis Cluster with fewer than 6 nodes",
    options=ClusterOptions,
    guide=GUIDE,
    production_only=True,
)
def too_few_cluster_nodes(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Counts Redis Cluster nodes (bitnami `redis-cluster` images, `--cluster-enabled yes`,
    or a mounted redis.conf with `cluster-enabled yes`) times their replicas, and fires
    below `min-cluster-nodes`.

    ## Why
    A cluster needs three primaries to keep a majority, and a replica for each to
    survive losing one; the guide asks for "at least ... six Cluster nodes".

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      redis-node-0:  # <- TL304: a cluster of 3 nodes
        image: bitnami/redis-cluster:7.2
        environment: &cluster-env
          REDIS_PASSWORD: ${REDIS_PASSWORD}
          REDIS_NODES: redis-node-0 redis-node-1 redis-node-2
      redis-node-1:
        image: bitnami/redis-cluster:7.2
        environment: *cluster-env
      redis-node-2:
        image: bitnami/redis-cluster:7.2
        environment:
          <<: *cluster-env
          REDIS_CLUSTER_CREATOR: "yes"
          REDIS_CLUSTER_REPLICAS: "0"
    ```

    Good (`docker-compose.yml`; `redis-node-1` to `redis-node-4` each with `environment: *cluster-env`):

    ```yaml
    services:
      redis-node-0:
        image: bitnami/redis-cluster:7.2
        environment: &cluster-env
          REDIS_PASSWORD: ${REDIS_PASSWORD}
          REDIS_NODES: redis-node-0 redis-node-1 redis-node-2 redis-node-3 redis-node-4 redis-node-5
      redis-node-5:
        image: bitnami/redis-cluster:7.2
        environment:
          <<: *cluster-env
          REDIS_CLUSTER_CREATOR: "yes"
          REDIS_CLUSTER_REPLICAS: "1"
    ```

    ## How to fix
    Run six nodes: three primaries, one replica each.
    """
    d = ctx.deployment
    if not d.cluster_nodes:
        return
    count = d.cluster_count
    if count < ctx.options.min_cluster_nodes:
        yield Finding(
            d.cluster_nodes[0].loc,
            f"Redis Cluster has {count} node{'s' if count != 1 else ''}; run at least "
            f"{ctx.options.min_cluster_nodes} (3 primaries + 3 replicas)",
            key="cluster",
        )


@rule(
    "TL305",
    "sentinel-master-mismatch",
    Severity.ERROR,
    "The app's master name differs from `sentinel monitor`",
    guide=GUIDE,
)
def sentinel_master_mismatch(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Compares the master names the app uses (the `<name>` of `redis://<name>/N` URLs,
    and settings such as `REDIS_SENTINEL_MASTER` or `*_MASTER_NAME`) with the names the
    Sentinels monitor.

    ## Why
    Sentinel answers only for the masters it monitors; a client asking for another
    name gets no address and cannot connect.

    ## Example

    Bad (`.env`):

    ```sh
    # Celery and the app (a redis.sentinel.Sentinel client) find the primary through the Sentinels;
    # the app passes REDIS_SENTINEL_MASTER to them as the master name.
    REDIS_SENTINEL_MASTER=mymaster  # <- TL305: the Sentinels monitor shop-redis
    ```

    Bad (`sentinel/sentinel1.conf`, and the same in `sentinel2.conf` and `sentinel3.conf`):

    ```text
    port 26379
    sentinel resolve-hostnames yes
    sentinel announce-hostnames yes
    sentinel monitor shop-redis redis-primary 6379 2
    ```

    Good (`.env`):

    ```sh
    # Celery and the app (a redis.sentinel.Sentinel client) find the primary through the Sentinels;
    # the app passes REDIS_SENTINEL_MASTER to them as the master name.
    REDIS_SENTINEL_MASTER=shop-redis
    ```

    ## How to fix
    Use the name from `sentinel monitor <name> ...` everywhere.
    """
    d = ctx.deployment
    names = d.master_names()
    if not names:
        return
    shown = ", ".join(repr(n) for n in sorted(names))
    for key, s, urls in redis_settings(d):
        for url in urls:
            if _unknown_master(d, url):
                yield Finding(
                    s.loc,
                    f"{key} names master {url.host!r}, but the Sentinels monitor {shown}",
                    key=f"setting:{key}",
                )
    seen: set[Location] = set()
    for view in d.app:
        for key, s in view.settings.items():
            if not _MASTER_KEY.search(key) or not s.value or s.loc in seen:
                continue
            seen.add(s.loc)
            if s.value not in names:
                yield Finding(
                    s.loc,
                    f"{key}={s.value!r} but the Sentinels monitor {shown}",
                    key=f"setting:{key}",
                )


@rule(
    "TL306",
    "broker-url-mismatch",
    Severity.ERROR,
    "The Celery broker or result backend is another Redis than REDIS_URL",
    guide=GUIDE,
)
def broker_url_mismatch(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Resolves `REDIS_URL`, `CELERY_BROKER_URL` and `CELERY_RESULT_BACKEND` to the Redis
    deployment each reaches (a service, a Sentinel-monitored primary, an outside host),
    with the app's fallbacks applied (broker falls back to `REDIS_URL`, result backend
    to the broker; TEL3SIS-style apps only), and reports a Celery URL that reaches
    another deployment than `REDIS_URL`. The database number does not matter. Brokers
    that are not Redis (RabbitMQ, a database result backend) are not compared. Applies
    to TEL3SIS-style apps: in other apps `REDIS_URL` is often a cache kept apart from
    the broker on purpose.

    ## Why
    The guide runs Celery and the app's state on one highly available Redis; a broker
    on another instance is usually a leftover that bypasses Sentinel and doubles what
    must be kept alive.

    ## Example

    Bad (`.env`):

    ```sh
    REDIS_URL=sentinel://sentinel-1:26379;sentinel://sentinel-2:26379;sentinel://sentinel-3:26379
    CELERY_BROKER_URL=sentinel://sentinel-1:26379;sentinel://sentinel-2:26379;sentinel://sentinel-3:26379
    # Left over from the hosted Redis the results were kept in before the move.
    # TL306 (next line): another Redis than the Sentinel-managed one REDIS_URL reaches
    CELERY_RESULT_BACKEND=rediss://:<password>@shop-results.x1y2z3.ng.0001.euw1.cache.amazonaws.com:6379/1
    REDIS_SENTINEL_MASTER=mymaster
    ```

    Good:

    ```sh
    REDIS_URL=sentinel://sentinel-1:26379;sentinel://sentinel-2:26379;sentinel://sentinel-3:26379
    CELERY_BROKER_URL=sentinel://sentinel-1:26379;sentinel://sentinel-2:26379;sentinel://sentinel-3:26379
    CELERY_RESULT_BACKEND=sentinel://sentinel-1:26379;sentinel://sentinel-2:26379;sentinel://sentinel-3:26379
    REDIS_SENTINEL_MASTER=mymaster
    ```

    ## How to fix
    Point all three at the same Redis deployment (different database numbers are fine).
    """
    d = ctx.deployment
    if not d.tel3sis_app:
        return  # REDIS_URL is TEL3SIS's state store; elsewhere it may be a separate cache
    seen: set[tuple[Location, str]] = set()
    for view in d.app:
        urls = app_urls(view, d.tel3sis_app)
        if "REDIS_URL" not in urls:
            continue
        base_setting, _ = urls["REDIS_URL"]
        base = d.redis_target(base_setting.value or "")
        if base is None:
            continue
        for key in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
            if key not in urls:
                continue
            setting, via = urls[key]
            if setting is base_setting:
                continue
            target = d.redis_target(setting.value or "")
            if target is None or target == base or (setting.loc, key) in seen:
                continue
            seen.add((setting.loc, key))
            yield Finding(
                setting.loc,
                f"{key} reaches {_describe(target)} but REDIS_URL reaches {_describe(base)}",
                related=(base_setting.loc,),
                key=f"setting:{key}",
            )


def _describe(target: str) -> str:
    kind, _, rest = target.partition(":")
    if kind == "master":
        return f"the Sentinel-monitored master {rest!r}"
    if kind == "sentinel":
        return f"the Sentinels at {rest!r}"
    if kind == "service":
        name, _, port = rest.partition(":")
        return f"service {name!r} (port {port})"
    host, _, port = rest.rpartition(":")
    return f"host {host!r} (port {port})"


@rule(
    "TL307",
    "redis-url-bypasses-sentinel",
    Severity.ERROR,
    "Sentinel is deployed but a URL addresses one Redis host directly",
    guide=GUIDE,
)
def redis_url_bypasses_sentinel(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    In a deployment with Sentinel, reports a Redis URL of the app
    (`REDIS_URL`, `CELERY_BROKER_URL`, `CELERY_RESULT_BACKEND`) that names one of the
    deployment's Redis servers directly (`redis://redis:6379/0`). Variables that are not
    URLs (`REDIS_HOST`) are not read.

    ## Why
    After a failover the old primary is a read-only replica (or gone); a client that
    never asks Sentinel keeps writing to it.

    ## Example

    Bad (`.env`):

    ```sh
    # Sentinel was added later; the URLs still name the primary's container.
    REDIS_URL=redis://redis-primary:6379/0  # <- TL307: bypasses Sentinel
    CELERY_BROKER_URL=redis://redis-primary:6379/0  # <- TL307: bypasses Sentinel
    CELERY_RESULT_BACKEND=redis://redis-primary:6379/1  # <- TL307: bypasses Sentinel
    ```

    Bad (`sentinel/sentinel1.conf`, and the same in `sentinel2.conf` and `sentinel3.conf`):

    ```text
    sentinel resolve-hostnames yes
    sentinel announce-hostnames yes
    sentinel monitor mymaster redis-primary 6379 2
    ```

    Good (`.env`):

    ```sh
    # Celery and the app (a redis.sentinel.Sentinel client) find the primary through the Sentinels;
    # the master name is set in the app's transport options.
    REDIS_URL=sentinel://sentinel-1:26379;sentinel://sentinel-2:26379;sentinel://sentinel-3:26379
    CELERY_BROKER_URL=sentinel://sentinel-1:26379;sentinel://sentinel-2:26379;sentinel://sentinel-3:26379
    CELERY_RESULT_BACKEND=sentinel://sentinel-1:26379;sentinel://sentinel-2:26379;sentinel://sentinel-3:26379
    REDIS_SENTINEL_MASTER=mymaster
    ```

    ## How to fix
    Celery: `sentinel://s1:26379;sentinel://s2:26379;sentinel://s3:26379` with the
    master name in `broker_transport_options`. The app: a Sentinel-aware client.
    """
    d = ctx.deployment
    if not d.sentinels:
        return
    data_hosts = {h for n in d.redis_nodes for h in n.service.hostnames}
    for key, s, urls in redis_settings(d):
        for url in urls:
            if url.scheme not in ("redis", "rediss") or d.is_master_name_url(url):
                continue
            svc = d.service_for_host(url.host) if url.host in data_hosts else None
            # Only a server Sentinel manages is bypassed; another Redis (a cache) is not.
            master = d.master_of(svc) if svc is not None else None
            if master is not None:
                yield Finding(
                    s.loc,
                    f"{key} addresses Redis host {url.host!r} directly while Sentinel manages it "
                    f"as master {master!r}, so it never follows a failover",
                    key=f"setting:{key}",
                )
                break


@rule(
    "TL308",
    "celery-broker-on-cluster",
    Severity.ERROR,
    "Celery's broker or result backend points at Redis Cluster",
    guide=GUIDE,
)
def celery_broker_on_cluster(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports `CELERY_BROKER_URL` or `CELERY_RESULT_BACKEND` (after the app's fallbacks)
    when it reaches a Redis Cluster node.

    ## Why
    Celery's Redis transport does not speak the Cluster protocol: keys of one queue
    land on different shards and it fails with MOVED errors.

    ## Example

    Bad (`.env`):

    ```sh
    REDIS_PASSWORD=<password>
    REDIS_URL=redis://:${REDIS_PASSWORD}@redis-node-0:6379/0
    CELERY_BROKER_URL=redis://:${REDIS_PASSWORD}@redis-node-0:6379/0  # <- TL308: a Redis Cluster node
    ```

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      # Redis Cluster for the cache, the sessions and Celery's queues:
      # three primaries and one replica for each.
      redis-node-0:
        image: bitnami/redis-cluster:7.2
    ```

    Good (`.env`):

    ```sh
    REDIS_PASSWORD=<password>
    RABBITMQ_PASSWORD=<password>
    REDIS_URL=redis://:${REDIS_PASSWORD}@redis-node-0:6379/0
    CELERY_BROKER_URL=amqp://shop:${RABBITMQ_PASSWORD}@rabbitmq:5672/shop
    ```

    Good (`docker-compose.yml`):

    ```yaml
    services:
      rabbitmq:
        image: rabbitmq:3.13-management
        environment:
          RABBITMQ_DEFAULT_USER: shop
          RABBITMQ_DEFAULT_PASS: ${RABBITMQ_PASSWORD}

      # Redis Cluster for the cache and sessions (Celery's broker is RabbitMQ):
      # three primaries and one replica for each.
      redis-node-0:
        image: bitnami/redis-cluster:7.2
    ```

    ## How to fix
    Run the broker on a Sentinel-managed Redis (or RabbitMQ); keep Cluster for data.
    """
    d = ctx.deployment
    if not d.cluster_nodes:
        return
    hosts = {h for s in d.cluster_nodes for h in s.hostnames}
    seen: set[Location] = set()
    for view in d.app:
        for key, (setting, via) in app_urls(view, d.tel3sis_app).items():
            if key == "REDIS_URL" or setting.loc in seen:
                continue
            for url in parse_url_list(setting.value or "") or []:
                if url.host in hosts:
                    seen.add(setting.loc)
                    extra = f" (through its fallback to {via})" if via != key else ""
                    yield Finding(
                        setting.loc,
                        f"{key}{extra} points at Redis Cluster node {url.host!r}; Celery's Redis "
                        "transport does not support Cluster",
                        key=f"setting:{key}",
                    )
                    break


# Who reads each URL key, for TL309's message.
_READERS = {
    "REDIS_URL": "the app's Redis.from_url",
    "CELERY_BROKER_URL": "Celery's broker",
    "CELERY_RESULT_BACKEND": "Celery's result backend",
}


@rule(
    "TL309",
    "url-not-sentinel-aware",
    Severity.ERROR,
    "redis://<master-name>/N used by a client that does not speak Sentinel",
    guide=GUIDE,
    overrides=("TL307", "TL305"),
)
def url_not_sentinel_aware(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a Redis URL of the form `redis://<master-name>/N`, where `<master-name>` is a
    name in `sentinel monitor` and no service or host has that name, when the client
    that reads it does not speak Sentinel: the Celery URLs (after the app's fallbacks)
    always, and `REDIS_URL` while the app reads it with redis-py's `Redis.from_url`
    (TEL3SIS does; set `app.redis-url-client = "sentinel"` if yours uses a Sentinel
    client).

    ## Why
    The guide's own Sentinel example (`REDIS_URL=redis://mymaster/0`) has this form,
    and it does not work: `Redis.from_url` and Celery take `mymaster` as a host name,
    look it up in DNS and never ask Sentinel, so they cannot connect, or never follow
    a failover. The linter follows how the software behaves, not the guide's example.

    ## Example

    Bad (`.env`):

    ```sh
    # As in the production guide's Sentinel example.
    REDIS_URL=redis://mymaster/0  # <- TL309: "mymaster" is looked up as a host name
    CELERY_BROKER_URL=redis://mymaster/0  # <- TL309: "mymaster" is looked up as a host name
    CELERY_RESULT_BACKEND=redis://mymaster/1  # <- TL309: "mymaster" is looked up as a host name
    ```

    Bad (`sentinel/sentinel1.conf`, and the same in `sentinel2.conf` and `sentinel3.conf`):

    ```text
    sentinel resolve-hostnames yes
    sentinel announce-hostnames yes
    sentinel monitor mymaster redis-primary 6379 2
    ```

    Good (`.env`):

    ```sh
    # Celery and the app (a redis.sentinel.Sentinel client) find the primary through the Sentinels;
    # the master name is set in the app's transport options.
    REDIS_URL=sentinel://sentinel-1:26379;sentinel://sentinel-2:26379;sentinel://sentinel-3:26379
    CELERY_BROKER_URL=sentinel://sentinel-1:26379;sentinel://sentinel-2:26379;sentinel://sentinel-3:26379
    CELERY_RESULT_BACKEND=sentinel://sentinel-1:26379;sentinel://sentinel-2:26379;sentinel://sentinel-3:26379
    REDIS_SENTINEL_MASTER=mymaster
    ```

    ## How to fix
    Celery: `CELERY_BROKER_URL=sentinel://s1:26379;sentinel://s2:26379;sentinel://s3:26379`
    with `broker_transport_options = {"master_name": "mymaster"}` (and the same for the
    result backend). The app: read `REDIS_URL` with `redis.sentinel.Sentinel(...)
    .master_for("mymaster")`.
    """
    d = ctx.deployment
    if not d.master_names():
        return
    by_loc: dict[Location, list[str]] = {}
    settings_at: dict[Location, Setting] = {}
    masters: dict[Location, str] = {}
    for view in d.app:
        for key, (setting, via) in app_urls(view, d.tel3sis_app).items():
            if key == "REDIS_URL" and d.options.redis_url_client == "sentinel":
                continue
            urls = parse_url_list(setting.value or "") or []
            master = next((u.host for u in urls if d.is_master_name_url(u)), None)
            if master is not None:
                reader = _READERS[key]
                label = reader if via == key else f"{reader} (through its fallback to {via})"
                keys = by_loc.setdefault(setting.loc, [])
                if label not in keys:
                    keys.append(label)
                settings_at[setting.loc] = setting
                masters[setting.loc] = master
    for loc, keys in by_loc.items():
        setting = settings_at[loc]
        readers = keys[0] if len(keys) == 1 else f"{', '.join(keys[:-1])} and {keys[-1]}"
        yield Finding(
            loc,
            f"{setting.key} has the form redis://<master-name>/N, which {readers} "
            f"read{'s' if len(keys) == 1 else ''} without Sentinel: master {masters[loc]!r} is "
            "taken as a host name, so it cannot connect or never follows a failover; use "
            "sentinel:// URLs (Celery) or a Sentinel client",
            key=f"setting:{setting.key}",
        )


@rule(
    "TL310",
    "sentinel-hostname-unresolved",
    Severity.ERROR,
    "`sentinel monitor` names a host while resolve-hostnames is off",
    guide=GUIDE,
)
def sentinel_hostname_unresolved(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a `sentinel monitor` line in a sentinel.conf that names the primary by host
    name while `sentinel resolve-hostnames yes` is not set. Images that write their own
    Sentinel config (bitnami) are not read.

    ## Why
    Without it, Sentinel (6.2+) accepts only IP addresses and refuses the line; in
    containers, IPs change on every restart, so host names are the right choice.

    ## Example

    Bad (`sentinel/sentinel1.conf`, and the same in `sentinel2.conf` and `sentinel3.conf`):

    ```text
    port 26379
    # TL310 (next line): a host name, but resolve-hostnames is off
    sentinel monitor mymaster redis-primary 6379 2
    sentinel down-after-milliseconds mymaster 5000
    ```

    Good:

    ```text
    port 26379
    sentinel resolve-hostnames yes
    sentinel announce-hostnames yes
    sentinel monitor mymaster redis-primary 6379 2
    sentinel down-after-milliseconds mymaster 5000
    ```

    ## How to fix
    Add `sentinel resolve-hostnames yes` (and `sentinel announce-hostnames yes`).
    """
    for conf in ctx.deployment.conf_files:
        if not conf.monitors:
            continue
        enabled = any(
            len(d.args) >= 2 and d.args[1].lower() == "yes"
            for d in conf.sentinel("resolve-hostnames")
        )
        if enabled:
            continue
        for m in conf.monitors:
            if not _is_ip(m.host):
                yield Finding(
                    m.loc,
                    f"sentinel monitor names host {m.host!r} but 'sentinel resolve-hostnames yes' is not "
                    "set, so Sentinel cannot resolve it",
                    key=f"monitor:{conf.path}:{m.master}",
                )


@rule(
    "TL311",
    "sentinel-config-shared",
    Severity.ERROR,
    "Several Sentinels mount the same writable config file",
    guide=GUIDE,
)
def sentinel_config_shared(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a Sentinel config file that is bind-mounted writable into two or more
    Sentinel instances (several services, or one service with replicas).

    ## Why
    Sentinel rewrites its config file at run time (its own id, the peers and replicas
    it discovers, the current primary); instances sharing one file overwrite each
    other's state and may all claim the same id.

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      sentinel-1:
        command: redis-sentinel /etc/redis/sentinel.conf
        volumes:
          - ./sentinel/sentinel.conf:/etc/redis/sentinel.conf  # <- TL311: one writable file for 3 Sentinels

      sentinel-2:
        command: redis-sentinel /etc/redis/sentinel.conf
        volumes:
          - ./sentinel/sentinel.conf:/etc/redis/sentinel.conf

      sentinel-3:
        command: redis-sentinel /etc/redis/sentinel.conf
        volumes:
          - ./sentinel/sentinel.conf:/etc/redis/sentinel.conf
    ```

    Good (`docker-compose.yml`, with `sentinel/sentinel1.conf` to `sentinel3.conf` holding the same settings):

    ```yaml
    services:
      sentinel-1:
        command: redis-sentinel /etc/redis/sentinel.conf
        volumes:
          - ./sentinel/sentinel1.conf:/etc/redis/sentinel.conf

      sentinel-2:
        command: redis-sentinel /etc/redis/sentinel.conf
        volumes:
          - ./sentinel/sentinel2.conf:/etc/redis/sentinel.conf

      sentinel-3:
        command: redis-sentinel /etc/redis/sentinel.conf
        volumes:
          - ./sentinel/sentinel3.conf:/etc/redis/sentinel.conf
    ```

    ## How to fix
    Give each Sentinel its own copy of the file (or mount a read-only template and
    copy it at start).
    """
    groups: dict[str, list] = {}  # type: ignore[type-arg]
    for s in ctx.deployment.sentinels:
        if s.service is None or s.config_mount is None or s.config_mount.read_only:
            continue
        groups.setdefault(s.config_mount.source or "", []).append(s)
    for _source, members in groups.items():
        instances = sum(m.instances for m in members)
        if instances < 2:
            continue
        names = ", ".join(
            m.service.name if m.instances == 1 else f"{m.service.name} x{m.instances}"
            for m in members
        )
        shown = f" {members[0].conf.path}" if members[0].conf is not None else ""
        yield Finding(
            members[0].config_mount.loc,
            f"{instances} Sentinels ({names}) mount the same writable config file{shown}; Sentinel "
            "rewrites it, so they clobber each other",
            related=tuple(m.config_mount.loc for m in members[1:]),
            key=f"sentinel-config:{_source}",
        )


@rule(
    "TL312",
    "cluster-database-nonzero",
    Severity.ERROR,
    "A URL selects a database other than 0 on Redis Cluster",
    guide=GUIDE,
)
def cluster_database_nonzero(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a Redis URL that reaches a Redis Cluster node and selects a database
    number other than 0 (`redis://node:6379/1`).

    ## Why
    Redis Cluster has only database 0; `SELECT 1` fails.

    ## Example

    Bad (`.env`):

    ```sh
    # The cache kept its database number from the single Redis it used to share with Celery.
    REDIS_URL=redis://:${REDIS_PASSWORD}@redis-node-0:6379/1  # <- TL312: Cluster has only database 0
    CELERY_BROKER_URL=amqp://shop:${RABBITMQ_PASSWORD}@rabbitmq:5672/shop
    ```

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      redis-node-0:
        image: bitnami/redis-cluster:7.2
        environment: &cluster-env
          REDIS_PASSWORD: ${REDIS_PASSWORD}
          REDIS_NODES: redis-node-0 redis-node-1 redis-node-2 redis-node-3 redis-node-4 redis-node-5
    ```

    Good (`.env`):

    ```sh
    # Redis Cluster has only database 0; keys are separated by prefix instead.
    REDIS_URL=redis://:${REDIS_PASSWORD}@redis-node-0:6379/0
    CELERY_BROKER_URL=amqp://shop:${RABBITMQ_PASSWORD}@rabbitmq:5672/shop
    ```

    ## How to fix
    Use `/0` (or no database number) and separate data by key prefix.
    """
    d = ctx.deployment
    if not d.cluster_nodes:
        return
    hosts = {h for s in d.cluster_nodes for h in s.hostnames}
    for key, s, urls in redis_settings(d):
        for url in urls:
            if url.host in hosts and url.db_index not in (None, 0):
                yield Finding(
                    s.loc,
                    f"{key} selects database {url.db_index} on Redis Cluster, which has only database 0",
                    key=f"setting:{key}",
                )
                break


@rule(
    "TL313",
    "sentinel-without-replica",
    Severity.ERROR,
    "The primary Sentinel monitors has no replica",
    guide=GUIDE,
    production_only=True,
)
def sentinel_without_replica(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a `sentinel monitor` target that is a Redis service of the deployment with
    no replica (`--replicaof`, `replicaof` in its config, or bitnami's
    `REDIS_REPLICATION_MODE=slave`) pointing at it.

    ## Why
    Sentinel fails over by promoting a replica; with none, it can detect the outage but
    has nothing to promote.

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      redis-primary:  # <- TL313: monitored by the Sentinels, but nothing replicates it
        image: redis:7.2-alpine
        command: redis-server --appendonly yes
        volumes:
          - redis-primary-data:/data

      sentinel-1:
        image: redis:7.2-alpine
        command: redis-sentinel /etc/redis/sentinel.conf
    ```

    Bad (`sentinel/sentinel1.conf`, and the same in `sentinel2.conf` and `sentinel3.conf`):

    ```text
    sentinel resolve-hostnames yes
    sentinel announce-hostnames yes
    sentinel monitor mymaster redis-primary 6379 2
    ```

    Good (`docker-compose.yml`):

    ```yaml
    services:
      redis-primary:
        image: redis:7.2-alpine
        command: redis-server --appendonly yes
        volumes:
          - redis-primary-data:/data

      redis-replica:
        image: redis:7.2-alpine
        command: redis-server --appendonly yes --replicaof redis-primary 6379

      sentinel-1:
        image: redis:7.2-alpine
        command: redis-sentinel /etc/redis/sentinel.conf
    ```

    ## How to fix
    Add at least one replica service (`redis-server --replicaof <primary> 6379`).
    """
    d = ctx.deployment
    seen: set[str] = set()
    for s in d.sentinels:
        for m in s.monitors:
            primary = d.service_for_host(m.host)
            if primary is None or primary.name in seen:
                continue
            if primary.name not in {n.service.name for n in d.redis_nodes}:
                continue
            seen.add(primary.name)
            replicas = [n for n in d.redis_nodes if n.primary and n.primary in primary.hostnames]
            if not replicas:
                yield Finding(
                    primary.loc,
                    f"Sentinel monitors {primary.name!r} (master {m.master!r}) but no replica "
                    "replicates it, so there is nothing to fail over to",
                    related=(m.loc,),
                    key=f"replica:{primary.name}",
                )


@hookimpl
def tel3sis_lint_rules() -> list[Rule]:
    return rules_of(globals())
