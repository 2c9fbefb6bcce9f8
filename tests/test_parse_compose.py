"""Compose parsing: node marks, anchors, merge keys, interpolation exactly as Compose does it."""

from __future__ import annotations

import pytest

from tel3sis_lint.deployment import YMap, YScalar, YSeq
from tel3sis_lint.parsers import ParseError
from tel3sis_lint.parsers.compose import parse_compose
from tel3sis_lint.parsers.interpolation import Miss, TemplateError, interpolate


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        ("$$HOME", {}, "$HOME"),
        ("${A}", {"A": "x"}, "x"),
        ("$A-b", {"A": "x"}, "x-b"),
        ("${A:-d}", {"A": ""}, "d"),
        ("${A-d}", {"A": ""}, ""),
        ("${A-d}", {}, "d"),
        ("${A:+alt}", {"A": "v"}, "alt"),
        ("${A:+alt}", {"A": ""}, ""),
        ("${A+alt}", {"A": ""}, "alt"),
        ("${A:-${B}}", {"B": "nested"}, "nested"),
        ("$4 $( $ x", {}, "$4 $( $ x"),
        ("${COMPOSE_PROJECT_NAME}", {}, ""),
    ],
)
def test_interpolation_follows_compose(text: str, env: dict[str, str], expected: str) -> None:
    assert interpolate(text, env) == expected


def test_interpolation_reports_each_unset_variable() -> None:
    misses: list[Miss] = []
    interpolate("${A} $B ${C:?need it} ${D:-x} $$E ${COMPOSE_PROJECT_NAME}", {}, misses)
    assert misses == [Miss("A", "${A}"), Miss("B", "$B"), Miss("C", "${C:?need it}", required=True)]


def test_invalid_template_raises() -> None:
    with pytest.raises(TemplateError):
        interpolate("${A", {})
    with pytest.raises(TemplateError):
        interpolate("${1A}", {})


def test_unresolved_variables_are_located_on_their_own_lines() -> None:
    text = "services:\n  a:\n    command: >\n      echo ${X}\n      echo ${X} $$Y\n    user: '${UID}:${GID:-0}'\n"
    cf = parse_compose(text, "c.yml", {})
    assert [(u.value, u.loc.line, u.loc.column) for u in cf.unresolved] == [
        ("X", 4, 12),
        ("X", 5, 12),
        ("UID", 6, 12),
    ]


def test_merge_keys_and_anchors_keep_the_anchor_location() -> None:
    text = (
        "x-common: &common\n"
        "  image: app:1\n"
        "  environment:\n"
        "    A: '1'\n"
        "services:\n"
        "  web:\n"
        "    <<: *common\n"
        "    image: app:2\n"
        "  worker:\n"
        "    <<: [*common]\n"
    )
    cf = parse_compose(text, "c.yml", {})
    services = cf.root.get("services")
    assert isinstance(services, YMap)
    web, worker = services.get("web"), services.get("worker")
    assert isinstance(web, YMap) and isinstance(worker, YMap)
    assert isinstance(web.get("image"), YScalar) and web.get("image").value == "app:2"  # type: ignore[union-attr]
    assert worker.get("image").value == "app:1"  # type: ignore[union-attr]
    assert worker.key_loc("environment").line == 3
    assert worker.get("environment") is web.get("environment")


def test_scalars_keep_their_text_as_yaml_1_2_reads_them() -> None:
    cf = parse_compose("ports:\n  - 22:22\n  - yes\n  - 010\n  - ~\n", "c.yml", {})
    ports = cf.root.get("ports")
    assert isinstance(ports, YSeq)
    assert [p.value for p in ports.items if isinstance(p, YScalar)] == ["22:22", "yes", "010", None]


def test_yaml_error_is_located() -> None:
    with pytest.raises(ParseError) as err:
        parse_compose('"""\ndoc\n"""\nservices: {}\n', "c.yml", {})
    assert (err.value.location.line, err.value.location.column) == (1, 3)


def test_python_tags_are_never_constructed() -> None:
    cf = parse_compose("a: !!python/object/apply:os.system ['echo hi']\n", "c.yml", {})
    assert [p.value for p in cf.problems] == [
        "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' (not constructed)"
    ]


def test_alias_bomb_is_walked_once_per_node() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 30):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    cf = parse_compose("\n".join(lines) + "\n", "bomb.yml", {})
    assert isinstance(cf.root.get("a29"), YSeq)


def test_top_level_must_be_a_mapping() -> None:
    with pytest.raises(ParseError, match="mapping at the top level"):
        parse_compose("- a\n- b\n", "c.yml", {})


def test_duplicate_keys_are_reported() -> None:
    cf = parse_compose("services: {}\nservices: {}\n", "c.yml", {})
    assert [(p.value, p.loc.line) for p in cf.problems] == [
        ("duplicate key 'services' (the later one wins)", 2)
    ]
