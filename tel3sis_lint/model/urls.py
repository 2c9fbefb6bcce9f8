"""Connection URLs as the app's clients read them (SQLAlchemy, redis-py, Celery/kombu)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import unquote

DB_SCHEMES = re.compile(
    r"^(postgres|postgres\+\w+|postgresql|postgresql\+\w+|sqlite|sqlite\+\w+|mysql|mysql\+\w+|mariadb|"
    r"mariadb\+\w+|oracle|oracle\+\w+|mssql|mssql\+\w+|cockroachdb|cockroachdb\+\w+)$"
)
REDIS_SCHEMES = frozenset({"redis", "rediss", "sentinel", "sentinels", "unix", "redis+socket"})
# Celery result backends that are not brokers too (rpc://, cache+memcached://, ...).
RESULT_SCHEMES = frozenset(
    {
        "rpc",
        "cache+memcached",
        "cache",
        "mongodb",
        "cassandra",
        "elasticsearch",
        "es",
        "s3",
        "azureblockblob",
        "couchbase",
        "arangodb",
        "consul",
        "cosmosdbsql",
        "dynamodb",
        "file",
        "gs",
        "couchdb",
        "memory",
    }
)
BROKER_SCHEMES = frozenset(
    {
        "amqp",
        "amqps",
        "pyamqp",
        "librabbitmq",
        "sqs",
        "memory",
        "filesystem",
        "qpid",
        "kafka",
        "mongodb",
        "zookeeper",
        "consul",
        "azurestoragequeues",
        "azureservicebus",
        "gcpubsub",
        "sqla",
        "couchdb",
    }
)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+._\-]*)://")  # postgresql+psycopg_async
_PORT = re.compile(r"\d{1,5}")
# SQLAlchemy: a user name without ':' or '/', then an optional password up to the first '@'
_SQLA_USERINFO = re.compile(r"(?P<user>[^:/@]*)(?::(?P<pw>[^@]*))?@")


@dataclass(frozen=True, slots=True)
class Url:
    scheme: str
    host: str
    port: int | None
    path: str
    user: str | None = None
    password: str | None = None
    query: str = ""

    @property
    def database(self) -> str:
        return unquote(self.path.lstrip("/"))

    @property
    def db_index(self) -> int | None:
        """The Redis database number of ``redis://host/N`` (None when absent)."""
        part = self.path.strip("/")
        return int(part) if part.isdigit() else None

    @property
    def base_scheme(self) -> str:
        return self.scheme.split("+", 1)[0]


@functools.lru_cache(maxsize=8192)
def parse_url(text: str, style: str = "urllib") -> Url | None:
    """One URL as its client reads it; None when that client would reject it.

    ``urllib`` is how redis-py and kombu split a URL: the authority ends at the first
    ``/``, ``?`` or ``#``, and the password runs to the last ``@`` in it. ``sqlalchemy``
    is how SQLAlchemy reads ``DATABASE_URL``: the password runs to the first ``@`` and
    may hold ``/``; the host ends at ``:``, ``/`` or ``?``.
    """
    text = text.strip()
    m = _SCHEME.match(text)
    if m is None:
        return None
    scheme = m.group(1).lower()
    rest = text[m.end() :]
    user: str | None = None
    password: str | None = None
    if style == "sqlalchemy":
        auth = _SQLA_USERINFO.match(rest)
        if auth is not None:
            user, password, rest = auth["user"], auth["pw"], rest[auth.end() :]
        cut = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=len(rest))
        hostport, tail = rest[:cut], rest[cut:]
    else:
        cut = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
        authority, tail = rest[:cut], rest[cut:]
        userinfo, at, hostport = authority.rpartition("@")
        if at:
            user, sep, pw = userinfo.partition(":")
            password = pw if sep else None
    tail = tail.split("#", 1)[0]
    path, _, query = tail.partition("?")
    host, port = hostport, None
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0:
            return None
        host, after = hostport[: end + 1], hostport[end + 1 :]
        if after:
            if not after.startswith(":") or not _PORT.fullmatch(after[1:]):
                return None
            port = int(after[1:])
    elif ":" in hostport:
        host, _, port_text = hostport.partition(":")
        if port_text:
            if not _PORT.fullmatch(port_text) or not 0 < int(port_text) < 65536:
                return None
            port = int(port_text)
    if "@" in host or " " in host:
        return None
    return Url(
        scheme=scheme,
        host=host.lower(),
        port=port,
        path=path,
        user=unquote(user) if user is not None else None,
        password=unquote(password) if password is not None else None,
        query=query,
    )


def parse_url_list(text: str) -> list[Url] | None:
    """Celery's ``sentinel://a:26379;sentinel://b:26379`` lists; a single URL gives one item."""
    parts = [p for p in text.split(";") if p.strip()]
    out = []
    for p in parts:
        u = parse_url(p)
        if u is None:
            return None
        out.append(u)
    return out or None


def is_known_db_scheme(scheme: str) -> bool:
    return DB_SCHEMES.match(scheme) is not None


def is_postgres(url: Url) -> bool:
    return url.base_scheme in ("postgres", "postgresql")


def valid_url(key: str, text: str) -> bool:
    """Whether ``text`` parses as a URL of a scheme that ``key``'s client knows (TL404)."""
    if key == "DATABASE_URL":
        url = parse_url(text, "sqlalchemy")
        if url is None or not is_known_db_scheme(url.scheme):
            return False
        return url.base_scheme == "sqlite" or bool(url.host) or "host=" in url.query
    urls = parse_url_list(text)
    if urls is None:
        return False
    for url in urls:
        scheme = url.scheme
        if scheme.startswith("db+"):
            if not is_known_db_scheme(scheme[3:]):
                return False
            continue
        if scheme in REDIS_SCHEMES:
            if (
                scheme in ("redis", "rediss", "sentinel", "sentinels")
                and not url.host
                and len(urls) == 1
            ):
                # redis:// with no host means localhost for redis-py: legal
                continue
            continue
        if key == "REDIS_URL":
            return False
        known = BROKER_SCHEMES | (RESULT_SCHEMES if key == "CELERY_RESULT_BACKEND" else frozenset())
        if scheme not in known:
            return False
    return True
