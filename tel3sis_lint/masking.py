"""The one place that hides secrets: every message and every output format goes through here."""

from __future__ import annotations

import re

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
# Config directives and flags whose next word is a password: `requirepass s3cret`.
_DIRECTIVE = re.compile(
    r"(?i)(?P<head>(?:--)?\b(?:requirepass|masterauth|sentinel-pass|masteruser-pass)\s+)"
    r"(?P<q>['\"]?)[^\s'\"]+"
)


def is_secret_key(key: str) -> bool:
    """True for names whose values are secrets (``*PASSWORD*``, ``*TOKEN*``, ``requirepass``...)."""
    return bool(_SECRET_KEY.search(key))


def mask_url(url: str) -> str:
    """``redis://:pw@h:6379/0`` -> ``redis://:***@h:6379/0``; lists joined by ';' too."""
    return _URL_PASSWORD.sub(lambda m: m["head"] + (MASK if m["pw"] else "") + m["at"], url)


def mask_value(key: str, value: str) -> str:
    """A setting's value as it may be shown: masked whole for secret keys, URL-masked otherwise."""
    if value and is_secret_key(key) and "://" not in value:
        return MASK
    return mask_url(value)


# `sentinel auth-pass <master> <password>`: the secret is the second argument.
_AUTH_PASS = re.compile(r"(?i)(\bauth-pass\s+\S+\s+)(['\"]?)[^\s'\"]+")


def mask_text(text: str) -> str:
    """Mask passwords in URLs and values of secret-looking assignments anywhere in ``text``."""
    text = mask_url(text)
    if "auth-pass" in text.lower():
        text = _AUTH_PASS.sub(lambda m: m.group(1) + m.group(2) + MASK, text)

    text = _DIRECTIVE.sub(lambda m: m["head"] + m["q"] + MASK, text)

    def _assign(m: re.Match[str]) -> str:
        key = m["key"]
        if not is_secret_key(key) or m["val"] == MASK or "://" in m["val"]:
            return m.group(0)
        return f"{key}{m['sep']}{m['q']}{MASK}"

    return _ASSIGNMENT.sub(_assign, text)
