"""Broken and hostile input: every case gives an exact diagnostic, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tel3sis_lint.testing import lint_tree, run_cli, triples

OK_SERVICE = "services:\n  web:\n    image: nginx:1\n"


def _lint(tmp_path: Path, files: dict[str, str | bytes]) -> tuple[int, str, str]:
    for rel, content in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, newline="")
    code, out, err = run_cli(["."], cwd=tmp_path)
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize(
    ("compose", "line", "message"),
    [
        (
            "services:\n  web:\n    image: x\n    ports: 5\n",
            4,
            "services.web.ports must be a list, not '5'",
        ),
        (
            "services:\n  web:\n    image: x\n    deploy:\n      replicas: two\n",
            5,
            "services.web.deploy.replicas must be a whole number, not 'two'",
        ),
        ("services:\n  web:\n", 2, "service 'web' must be a mapping of its settings"),
        ("services: [web]\n", 1, "services must be a mapping of service names"),
        (
            "services:\n  web:\n    image: x\n    ports: ['80:80', 'not a port']\n",
            4,
            "services.web.ports: 'not a port' is not a port mapping",
        ),
        ("- a\n- b\n", 1, "a compose file must be a mapping at the top level"),
        ("just text\n", 1, "a compose file must be a mapping at the top level"),
        ("services: {}\n---\nservices: {}\n", 3, "more than one YAML document; Compose reads one"),
        (
            "a: !!python/object/apply:os.system ['true']\n",
            1,
            "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' (not constructed)",
        ),
        ("a: 1\na: 2\n", 2, "duplicate key 'a' (the later one wins)"),
        (
            "services:\n  web: [\n",
            3,
            "invalid YAML: did not find expected node content (while parsing a flow node)",
        ),
    ],
)
def test_wrong_shapes_are_located_parse_errors(
    tmp_path: Path, compose: str, line: int, message: str
) -> None:
    code, out, _ = _lint(tmp_path, {"compose.yaml": compose})
    assert ("compose.yaml", line, "TL001") in triples(out)
    assert f": TL001 [parse-error] {message}\n" in out
    assert code == 1


def test_empty_and_comment_only_files_are_fine(tmp_path: Path) -> None:
    code, out, _ = _lint(tmp_path, {"compose.yaml": "", ".env": "# nothing\n", "pgbouncer.ini": ""})
    assert (code, triples(out)) == (0, [])


@pytest.mark.parametrize(
    ("content", "line", "col", "message"),
    [
        (b"A=1\nB=\x00x\n", 2, 1, "binary content (NUL byte); not a text config file"),
        (b"A=1\nB=\xff\n", 2, 3, "not valid UTF-8 (byte 0xff)"),
        (b"A=1\rB=\xfe\r", 2, 3, "not valid UTF-8 (byte 0xfe)"),
    ],
)
def test_binary_and_non_utf8_files(
    tmp_path: Path, content: bytes, line: int, col: int, message: str
) -> None:
    code, out, _ = _lint(tmp_path, {".env": content, "compose.yaml": OK_SERVICE})
    assert f".env:{line}:{col}: TL001 [parse-error] {message}\n" in out


def test_bom_crlf_and_lone_cr_are_read(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "compose.yaml": "\ufeffversion: '3'\r\nservices: {}\r\n".encode(),
        ".env": b"A=1\rA=2\r",
    }
    code, out, _ = _lint(tmp_path, files)
    assert triples(out) == [(".env", 2, "TL403"), ("compose.yaml", 1, "TL602")]


def test_alias_bomb_lints_quickly(tmp_path: Path) -> None:
    lines = ["x-a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for i in range(1, 40):
        lines.append(f"x-a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    lines.append("services: {}")
    code, out, _ = _lint(tmp_path, {"compose.yaml": "\n".join(lines) + "\n"})
    assert (code, triples(out)) == (0, [])


def test_deep_nesting_is_a_located_error(tmp_path: Path) -> None:
    code, out, _ = _lint(tmp_path, {"compose.yaml": "a: " + "[" * 5000 + "]" * 5000 + "\n"})
    assert triples(out) == [("compose.yaml", 1, "TL001")]


def test_broken_ini_and_sentinel_lines(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "pgbouncer.ini": "[pgbouncer\nlisten_addr = *\nstray line\n",
        "sentinel.conf": "sentinel monitor m redis 6379\nsentinel monitor m redis port 2\n",
    }
    code, out, _ = _lint(tmp_path, files)
    assert [t for t in triples(out) if t[2] == "TL001"] == [
        ("pgbouncer.ini", 1, "TL001"),
        ("pgbouncer.ini", 2, "TL001"),
        ("pgbouncer.ini", 3, "TL001"),
        ("sentinel.conf", 1, "TL001"),
        ("sentinel.conf", 2, "TL001"),
    ]


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "a/compose.yaml": b"\xff\xfe",
        "b/compose.yaml": "version: '3'\nservices: {}\n",
    }
    code, out, _ = _lint(tmp_path, files)
    assert triples(out) == [("a/compose.yaml", 1, "TL001"), ("b/compose.yaml", 1, "TL602")]


def test_symlinks_loops_and_outside_targets(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "deploy").mkdir(parents=True)
    (root / "deploy" / "prod.yml").write_text("version: '3'\nservices: {}\n")
    (root / "docker-compose.yml").symlink_to("deploy/prod.yml")
    (tmp_path / "outside.env").write_text("A=1\nA=2\n")
    (root / ".env").symlink_to(tmp_path / "outside.env")
    (root / "compose.override.yaml").symlink_to("missing.yaml")
    (root / "loop").symlink_to(root)
    code, out, err = run_cli(["."], cwd=root)
    assert "Traceback" not in out + err
    assert triples(out) == [
        (".env", 1, "TL001"),
        ("compose.override.yaml", 1, "TL001"),
        ("docker-compose.yml", 1, "TL602"),
    ]
    outside = tmp_path / "outside.env"
    expected = f"symbolic link to {outside}, outside the linted tree; not followed"
    assert f".env:1:1: TL001 [parse-error] {expected}" in out
    assert "compose.override.yaml:1:1: TL001 [parse-error] broken symbolic link; not read" in out


def test_names_with_spaces_and_non_ascii(tmp_path: Path) -> None:
    code, out, _ = _lint(tmp_path, {"dép loy/compose.yaml": "version: '3'\nservices: {}\n"})
    assert triples(out) == [("dép loy/compose.yaml", 1, "TL602")]


def test_fifo_with_a_config_name_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "redis.conf")
    (tmp_path / "compose.yaml").write_text(OK_SERVICE)
    code, out, _ = run_cli(["."], cwd=tmp_path)
    assert (
        "redis.conf:1:1: TL001 [parse-error] not a regular file (a FIFO, socket or device); not read"
        in out
    )


def test_oversized_file_is_refused_with_a_message(tmp_path: Path) -> None:
    big = "A=" + "x" * (17 * 1024 * 1024) + "\n"
    code, out, _ = lint_tree({".env": big}, tmp_path)
    assert (
        ".env:1:1: TL001 [parse-error] file is 17 MiB, over the 16 MiB limit for config files; not linted"
        in out
    )
