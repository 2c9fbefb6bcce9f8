"""The one place that hides secrets: every message and every output format goes through here."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

MASK = "***"

# scheme://user:password@host  and  scheme://:password@host ; the password may hold any
# character but '@' and whitespace (a URL list separated by ';' is handled per URL).
# The password runs to the last '@' before the host (redis-py and kombu read it so).
_URL_PASSWORD = re.compile(
    r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+._\-]*://[^\s:/@;'\"]*:)(?P<pw>[^\s/;'\"]*)(?P<at>@)"
)
# A bare "key" is a word, not a secret name: only compound names (SECRET_KEY, API_KEY,
# KEY_FILE_PASSPHRASE) count.
_SECRET_KEY = re.compile(
    r"(?i)(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|_KEY\b|\bKEY_|APIKEY|AUTH[-_]?PASS|"
    r"REQUIREPASS|MASTERAUTH|CREDENTIAL|PRIVATE)"
)
# KEY=value or KEY: value assignments inside free text.
_ASSIGNMENT = re.compile(
    r"(?P<key>\b[A-Za-z_][A-Za-z0-9_.\-]*)(?P<sep>\s*[=:]\s*)(?P<q>['\"]?)(?P<val>[^\s'\",;]+)"
)
# Config directives and flags whose next word is a password: `requirepass s3cret`, and
# the same flag in an exec-form list: `["redis-server", "--requirepass", "s3cret"]`.
_NEXT = r"(?:\s*[=:]\s*|\s+|['\"]\s*,\s*)"
# the password: a quoted one runs to its closing quote, spaces and all
_VALUE = r"(?P<val>'[^']*'?|\"[^\"]*\"?|[^\s'\"]+)"
_DIRECTIVE = re.compile(
    r"(?i)(?P<head>(?:--)?\b(?:requirepass|masterauth|sentinel-pass|masteruser-pass)"
    rf"{_NEXT}){_VALUE}"
)
# redis-cli takes the password with -a or --pass (healthchecks use it).
_REDIS_CLI = re.compile(
    rf"(?P<head>\bredis-cli\b.{{0,200}}?(?<![\w-])(?:-a|--pass){_NEXT}){_VALUE}"
)
# A URL's query parameters: `postgresql://app@db/app?password=s3cret`.
_QUERY = re.compile(r"(?P<head>[?&](?P<key>[A-Za-z_][A-Za-z0-9_.\-]*)=)(?P<val>[^&#\s'\"]+)")
# A whole line that sets a secret-looking key, as a config or .env line or a diff line
# (`+`, `-`, ` `): its whole value is the secret, spaces, commas and YAML anchors too.
# `KEY value` (no `=`) is a broken line that still holds one.
_LINE = re.compile(
    r"(?P<head>[-+ ]?[ \t]*(?:-[ \t]+)?(?:export[ \t]+)?(?P<lq>['\"]?)"
    r"(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*)(?P<sep>[ \t]*[=:][ \t]*|[ \t]+)"
    r"(?P<pre>(?:[&!][^\s]*[ \t]+)*))"
)
_COMMENT = re.compile(r"[ \t]+#")
_URL_START = re.compile(r"['\"]?[a-zA-Z][a-zA-Z0-9+._\-]*://")
# Redis ACL rules on a `user` line: `>password` adds one, `<password` removes one.
_ACL_USER = re.compile(r"(?i)[-+ ]?[ \t]*user[ \t]")
_ACL_PASS = re.compile(r"(?<=\s)([<>])[^\s]+")


@functools.lru_cache(maxsize=4096)
def is_secret_key(key: str) -> bool:
    """True for names whose values are secrets (``*PASSWORD*``, ``*TOKEN*``, ``requirepass``...)."""
    return bool(_SECRET_KEY.search(key))


def mask_url(url: str) -> str:
    """``redis://:pw@h:6379/0`` -> ``redis://:***@h:6379/0``; lists joined by ';' too.

    Secret-looking query parameters (``?password=pw``) are masked as well.
    """
    url = _URL_PASSWORD.sub(lambda m: m["head"] + (MASK if m["pw"] else "") + m["at"], url)
    if "?" in url:
        url = _QUERY.sub(lambda m: m["head"] + MASK if is_secret_key(m["key"]) else m.group(0), url)
    return url


def mask_value(key: str, value: str) -> str:
    """A setting's value as it may be shown: masked whole for secret keys, URL-masked otherwise."""
    if value and is_secret_key(key) and "://" not in value:
        return MASK
    return mask_url(value)


# `sentinel auth-pass <master> <password>`: the secret is the second argument.
_AUTH_PASS = re.compile(rf"(?i)(?P<head>\bauth-pass\s+\S+\s+){_VALUE}")


def _hide(m: re.Match[str]) -> str:
    """``head`` then the masked value, its quotes kept."""
    val = m["val"]
    if val[:1] in ("'", '"'):
        return m["head"] + val[0] + MASK + (val[0] if len(val) > 1 and val[-1] == val[0] else "")
    return m["head"] + MASK


def _mask_line(text: str) -> str:
    """A line setting a secret-looking key, its whole value masked (comment and quotes kept)."""
    m = _LINE.match(text)
    if m is None or not is_secret_key(m["key"]):
        return text
    rest = text[m.end() :].rstrip("\r\n")
    if _URL_START.match(rest):
        return text  # a URL is shown with its password masked (mask_url)
    eol, after = text[m.end() + len(rest) :], ""
    if rest[:1] in ("'", '"'):  # a quoted value ends at its closing quote
        close = rest.find(rest[0], 1)
        if close > 0:
            rest, after = rest[:close], rest[close:]
        return m["head"] + rest[0] + (MASK if len(rest) > 1 else "") + after + eol
    if m["lq"]:  # `- "KEY=value"`: the value ends at the list item's closing quote
        cut = rest.find(m["lq"])
    else:
        comment = _COMMENT.search(rest)
        cut = comment.start() if comment else -1
    if cut >= 0:
        rest, after = rest[:cut], rest[cut:]
    if not m["sep"].strip() and (not rest or any(c.isspace() for c in rest)):
        return text  # `KEY words words` is prose, not a broken `KEY value` line
    return m["head"] + (MASK if rest else "") + after + eol


_SECRET_LIKE = re.compile(r"(?=.*\d)(?=.*[A-Za-z])\S{8,}|\S{16,}")


def secret_values(values: Iterable[str]) -> frozenset[str]:
    """The secret-looking values among ``values`` (a well-known word such as `postgres`
    is no secret, and appears in many messages)."""
    return frozenset(v.strip() for v in values if v and _SECRET_LIKE.fullmatch(v.strip()))


def scrub(text: str, secrets: Iterable[str]) -> str:
    """Replace every occurrence of the deployment's known secret values.

    Masking by pattern works line by line and cannot tell that a YAML list item or block
    scalar on its own line is the password of the `--requirepass` above it; the engine
    scrubs each finding's message and source line with the secrets of its deployment.
    """
    for value in sorted((v for v in secrets if v in text), key=len, reverse=True):
        text = text.replace(value, MASK)
    return text


def mask_text(text: str) -> str:
    """Mask passwords in URLs and values of secret-looking assignments anywhere in ``text``."""
    text = _mask_line(mask_url(text))
    if "auth-pass" in text.lower():
        text = _AUTH_PASS.sub(_hide, text)
    text = _DIRECTIVE.sub(_hide, text)
    if "redis-cli" in text:
        text = _REDIS_CLI.sub(_hide, text)
    if _ACL_USER.match(text):
        text = _ACL_PASS.sub(lambda m: m.group(1) + MASK, text)

    def _assign(m: re.Match[str]) -> str:
        key, val = m["key"], m["val"]
        if not is_secret_key(key) or val.startswith(MASK) or _URL_START.match(val):
            return m.group(0)
        return f"{key}{m['sep']}{m['q']}{MASK}"

    return _ASSIGNMENT.sub(_assign, text)
