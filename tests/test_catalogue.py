"""Runs every rules/<CODE>-<name>/ case: fail/ gives exactly expected.txt, pass/ gives nothing.

Set TEL3SIS_LINT_UPDATE_CATALOGUE=1 to rewrite expected.txt and README.md from the code
(then review the diff).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tel3sis_lint.catalogue import folder_name, render_index, render_page
from tel3sis_lint.plugins import load_registry, make_plugin_manager
from tel3sis_lint.testing import codes, diagnostic_lines, run_cli

from .conftest import CATALOGUE

UPDATE = os.environ.get("TEL3SIS_LINT_UPDATE_CATALOGUE") == "1"
REGISTRY = load_registry(make_plugin_manager())
CASES = sorted(p for p in CATALOGUE.iterdir() if p.is_dir()) if CATALOGUE.is_dir() else []


def _code(case: Path) -> str:
    return case.name.split("-", 1)[0]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fail_case_gives_exactly_expected(case: Path) -> None:
    code, out, err = run_cli(["--format", "text", "."], cwd=case / "fail")
    lines = diagnostic_lines(out)
    expected_file = case / "expected.txt"
    if UPDATE:
        expected_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    assert lines == expected
    assert "Traceback" not in out + err
    assert set(codes(out)) == {_code(case)}, "a fail/ case must trigger its own rule and no other"
    assert code in (0, 1)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_pass_case_is_clean(case: Path) -> None:
    code, out, err = run_cli(["--format", "text", "."], cwd=case / "pass")
    assert diagnostic_lines(out) == []
    assert code == 0
    assert "Traceback" not in out + err


def test_every_rule_has_a_catalogue_folder_and_every_folder_a_rule() -> None:
    wanted = {folder_name(r) for r in REGISTRY.rules if r.plugin.startswith("builtin-")}
    have = {c.name for c in CASES}
    assert wanted - have == set(), "rules without a catalogue folder"
    assert have - wanted == set(), "catalogue folders without a rule"


@pytest.mark.parametrize("rule", REGISTRY.rules, ids=[r.code for r in REGISTRY.rules])
def test_catalogue_readme_is_the_rendered_page(rule) -> None:  # type: ignore[no-untyped-def]
    readme = CATALOGUE / folder_name(rule) / "README.md"
    page = render_page(rule)
    if UPDATE:
        readme.parent.mkdir(parents=True, exist_ok=True)
        readme.write_text(page, encoding="utf-8")
    assert readme.read_text(encoding="utf-8") == page
    code, out, _ = run_cli(["--explain", rule.code])
    assert code == 0 and out == page


def test_rules_index_is_generated_from_the_registry() -> None:
    index = CATALOGUE / "README.md"
    builtin = [r for r in REGISTRY.rules if r.plugin.startswith("builtin-")]
    page = render_index(builtin)
    if UPDATE:
        index.write_text(page, encoding="utf-8")
    assert index.read_text(encoding="utf-8") == page
    assert page.count("| [TL") == len(builtin)


def test_readme_rule_table_lists_every_rule() -> None:
    readme = (CATALOGUE.parent / "README.md").read_text(encoding="utf-8")
    for r in REGISTRY.rules:
        if r.plugin.startswith("builtin-"):
            assert f"| {r.code} | {r.name} | {r.meta.severity.label} |" in readme, r.code
