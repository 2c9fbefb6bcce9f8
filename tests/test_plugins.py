"""Rule packs: third-party packs load through the same entry-point hook as the built-ins."""

from __future__ import annotations

from pathlib import Path

import pytest

from tel3sis_lint.plugins import BUILTIN_PLUGINS, PluginError, load_registry, make_plugin_manager
from tel3sis_lint.rule import Rule
from tel3sis_lint.testing import run_cli, triples

DATA = Path(__file__).parent / "data"
COMPOSE = "services:\n  web:\n    image: nginx:latest\n  api:\n    image: app:1.2\n"


@pytest.fixture
def example_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(DATA / "plugin_pack"))


def test_builtin_packs_register_through_the_public_hook() -> None:
    pm = make_plugin_manager(load_entry_points=False)
    assert [name for name, _ in BUILTIN_PLUGINS] == [
        n for n, _ in pm.list_name_plugin() if n.startswith("builtin-")
    ]
    registry = load_registry(pm)
    assert {r.plugin for r in registry.rules} == {
        n for n, _ in BUILTIN_PLUGINS if n != "builtin-reporters"
    }
    assert [r.code for r in registry.rules] == sorted(r.code for r in registry.rules)


def test_outside_pack_rule_runs_like_a_builtin(example_pack: None, tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    code, out, err = run_cli(["--select", "XT1", "."], cwd=tmp_path)
    assert triples(out) == [("compose.yaml", 3, "XT101")]
    assert (
        "compose.yaml:3:12: XT101 [image-tag-banned] image 'nginx:latest' uses the banned tag 'latest'"
        in out
    )
    assert code == 1 and err == ""


def test_outside_pack_rule_is_listed_explained_and_configurable(
    example_pack: None, tmp_path: Path
) -> None:
    code, out, _ = run_cli(["--list-rules"])
    assert code == 0 and "XT101  image-tag-banned" in out
    code, out, _ = run_cli(["--explain", "image-tag-banned"])
    assert code == 0 and out.startswith("# XT101 image-tag-banned\n")
    assert '- `banned-tag` (default `"latest"`)' in out
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    (tmp_path / ".tel3sis-lint.toml").write_text('[rules.XT101]\nbanned-tag = "1.2"\n')
    code, out, _ = run_cli(["--select", "XT101", "."], cwd=tmp_path)
    assert triples(out) == [("compose.yaml", 5, "XT101")]
    # ruff-style prefixes: the most specific selector decides
    code, out, _ = run_cli(["--select", "XT,TL6", "--ignore", "XT101", "."], cwd=tmp_path)
    assert triples(out) == []
    code, out, _ = run_cli(["--select", "XT101", "--ignore", "XT", "."], cwd=tmp_path)
    assert triples(out) == [("compose.yaml", 5, "XT101")]


def test_pack_option_errors_name_the_rule_and_option(example_pack: None, tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    (tmp_path / ".tel3sis-lint.toml").write_text("[rules.XT101]\nbanned_tags = 3\n")
    code, out, err = run_cli(["."], cwd=tmp_path)
    assert code == 2
    assert err == (
        "tel3sis-lint: rules.XT101: unknown option 'banned_tags' for image-tag-banned "
        "(options: banned-tag)\n"
    )


def test_a_rule_that_raises_is_reported_by_name_and_the_run_completes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.syspath_prepend(str(DATA / "failing_pack"))
    (tmp_path / "compose.yaml").write_text("version: '3'\nservices:\n  web:\n    image: nginx:1\n")
    code, out, err = run_cli(["."], cwd=tmp_path)
    assert code == 3
    assert triples(out) == [("compose.yaml", 1, "TL602")]
    assert (
        "internal error: rule XF001 (always-crashes) failed on deployment .: RuntimeError: deliberate failure"
        in err
    )
    assert "Traceback" not in out + err


def test_duplicate_codes_are_rejected_naming_both_plugins() -> None:
    class Clash:
        from tel3sis_lint.plugins import hookimpl

        @hookimpl
        def tel3sis_lint_rules(self) -> list[Rule]:
            from tel3sis_lint.rules.celery import single_celery_worker

            return [single_celery_worker]

    with pytest.raises(
        PluginError, match="rule code TL101 is defined by both 'builtin-celery' and"
    ):
        load_registry(make_plugin_manager([Clash()], load_entry_points=False))
