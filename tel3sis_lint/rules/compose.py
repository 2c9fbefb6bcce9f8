"""TL6xx: compose structure."""

from __future__ import annotations

from collections.abc import Iterator

from ..deployment import YScalar
from ..diagnostics import Edit, Finding, Severity
from ..model.services import Port, Service
from ..plugins import hookimpl
from ..rule import Rule, RuleContext, rule, rules_of

_ANY_IP = ("", "0.0.0.0", "::")


def _host_ports(p: Port) -> list[int]:
    text = p.published.strip()
    if not text:
        return []
    lo, _, hi = text.partition("-")
    if not lo.isdigit() or (hi and not hi.isdigit()):
        return []
    start, end = int(lo), int(hi or lo)
    if end - start > 1000:
        return []
    return list(range(start, end + 1))


def _port_per_replica(p: Port, ports: list[int], instances: int) -> bool:
    """A host range for one container port (``"8000-8003:8000"``): each replica takes its own."""
    return "-" not in p.target and len(ports) >= instances


def _overlap(a: str, b: str) -> bool:
    return a == b or a in _ANY_IP or b in _ANY_IP


@rule("TL601", "host-port-conflict", Severity.ERROR, "Two containers publish the same host port")
def host_port_conflict(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a host port (with its protocol and host IP) published by two services, or
    by a service with a fixed host port and more than one replica. Short (`"3000:3000"`,
    `"127.0.0.1:5432:5432"`) and long (`published:`) syntax are read; ports only
    exposed to other containers (`expose:`, or a container port alone) are not.

    ## Why
    The second container fails with "port is already allocated"; `docker compose up`
    stops there.

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      web:
        image: ghcr.io/acme/shop:1.4.2
        ports:
          - target: 8000  # <- TL601: host port 8000 for each of 2 replicas
            published: 8000
            protocol: tcp
        deploy:
          replicas: 2

      flower:
        image: mher/flower:2.0
        ports:
          - "127.0.0.1:8000:5555"  # <- TL601: host port 8000 again
    ```

    Good:

    ```yaml
    services:
      web:
        image: ghcr.io/acme/shop:1.4.2
        expose:
          - "8000"
        deploy:
          replicas: 2

      flower:
        image: mher/flower:2.0
        ports:
          - "127.0.0.1:5555:5555"
    ```

    ## How to fix
    Publish one of them on another host port, or drop the host port of a replicated
    service (put a load balancer in front).
    """
    # (host port, protocol) -> who publishes it: one lookup per port, not a scan
    taken: dict[tuple[int, str], list[tuple[str, Service, Port]]] = {}
    for svc in ctx.deployment.services:
        for p in svc.ports:
            ports = _host_ports(p)
            if ports and svc.instances > 1 and not _port_per_replica(p, ports, svc.instances):
                shown = p.published.strip()
                yield Finding(
                    p.loc,
                    f"service {svc.name!r} publishes host port{'s' if len(ports) > 1 else ''} "
                    f"{shown} but runs {svc.instances} replicas; only one can bind "
                    f"{'them' if len(ports) > 1 else 'it'}",
                    key=f"port:{svc.name}:{shown}",
                )
            clashed: set[str] = set()  # one finding per pair of services, not per port of a range
            for port in ports:
                for ip, other, where in taken.get((port, p.protocol), ()):
                    if other is not svc and other.name not in clashed and _overlap(ip, p.host_ip):
                        clashed.add(other.name)
                        yield Finding(
                            p.loc,
                            f"host port {port}/{p.protocol} is published by both {other.name!r} and "
                            f"{svc.name!r}; the second container cannot start",
                            related=(where.loc,),
                            key=f"port:{port}/{p.protocol}",
                        )
                        break
            for port in ports:
                taken.setdefault((port, p.protocol), []).append((p.host_ip, svc, p))


@rule(
    "TL602", "obsolete-compose-version", Severity.INFO, "The top-level version: key", fixable=True
)
def obsolete_compose_version(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports the top-level `version:` key of a compose file.

    ## Why
    Compose ignores it (and warns "the attribute `version` is obsolete"); it suggests a
    file format that no longer exists.

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    version: "3.8"  # <- TL602: ignored by Compose

    services:
      web:
        image: ghcr.io/acme/shop:1.4.2
    ```

    Bad (`docker-compose.override.yml`):

    ```yaml
    # Local development: mount the source tree and reload on change.
    version: '3'  # <- TL602: ignored by Compose
    services:
      web:
    ```

    Good (`docker-compose.yml`):

    ```yaml
    services:
      web:
        image: ghcr.io/acme/shop:1.4.2
    ```

    Good (`docker-compose.override.yml`):

    ```yaml
    # Local development: mount the source tree and reload on change.
    services:
      web:
    ```

    ## How to fix
    Delete the line (`--fix` does it when the key and its value share one line).
    """
    for cf in ctx.deployment.compose_files:
        node = cf.root.get("version")
        if node is not None:
            text = node.value if isinstance(node, YScalar) else ""
            where = cf.root.key_loc("version")
            one_line = (
                isinstance(node, YScalar) and node.loc.line == where.line and where.column == 1
            )
            fix = (
                (Edit(cf.path, where.line, where.line, r"^version\s*:", None),) if one_line else ()
            )
            yield Finding(
                where,
                f"version: {text!r} is obsolete; Compose ignores it"
                if text
                else "version: is obsolete",
                key=f"version:{cf.path}",
                fix=fix,
            )


@rule(
    "TL603",
    "container-name-with-replicas",
    Severity.ERROR,
    "A service with container_name has more than one replica",
)
def container_name_with_replicas(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a service that sets `container_name` and asks for more than one replica
    (`deploy.replicas`, `scale`, or `deploy.mode: global`).

    ## Why
    Container names are unique; Compose refuses to scale such a service.

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      web:
        image: ghcr.io/acme/shop:1.4.2
        container_name: shop-web  # <- TL603: with 2 replicas
        command: gunicorn shop.wsgi --bind 0.0.0.0:8000
        scale: 2

      worker:
        image: ghcr.io/acme/shop:1.4.2
        container_name: shop-worker  # <- TL603: with 3 replicas
        command: celery -A shop worker --loglevel=info --concurrency=${CELERY_WORKER_CONCURRENCY:-4}
        deploy:
          replicas: 3
    ```

    Good:

    ```yaml
    services:
      web:
        image: ghcr.io/acme/shop:1.4.2
        command: gunicorn shop.wsgi --bind 0.0.0.0:8000
        scale: 2

      worker:
        image: ghcr.io/acme/shop:1.4.2
        command: celery -A shop worker --loglevel=info --concurrency=${CELERY_WORKER_CONCURRENCY:-4}
        deploy:
          replicas: 3
    ```

    ## How to fix
    Remove `container_name` (Compose names replicas itself).
    """
    for svc in ctx.deployment.services:
        if svc.container_name is not None and svc.instances > 1:
            yield Finding(
                svc.container_name.loc,
                f"service {svc.name!r} sets container_name but runs {svc.instances} replicas; "
                "Compose refuses to scale it",
                related=(svc.replicas_loc,) if svc.replicas_loc else (),
                key=f"container_name:{svc.name}",
            )


@hookimpl
def tel3sis_lint_rules() -> list[Rule]:
    return rules_of(globals())
