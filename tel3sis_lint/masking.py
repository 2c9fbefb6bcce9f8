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
# KEY=value or KEY: value or `requirepass value` style assignments inside free text.
_ASSIGNMENT = re.compile(
    r"(?P<key>\b[A-Za-z_][A-Za-z0-9_.\-]*)(?P<sep>\s*[=:]\s*|\s+)(?P<q>['\"]?)(?P<val>[^\s'\",;]+)"
)
_SECRET_DIRECTIVES = ("requirepass", "masterauth", "auth-pass", "sentinel-pass")


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


def mask_text(text: str) -> str:
    """Mask passwords in URLs and values of secret-looking assignments anywhere in ``text``."""
    text = mask_url(text)

    def _assign(m: re.Match[str]) -> str:
        key = m["key"]
        sep = m["sep"]
        if sep.strip() == "" and key.lower() not in _SECRET_DIRECTIVES:
            return m.group(0)
        if not is_secret_key(key) or m["val"] == MASK or "://" in m["val"]:
            return m.group(0)
        return f"{key}{sep}{m['q']}{MASK}"

    return _ASSIGNMENT.sub(_assign, text)
