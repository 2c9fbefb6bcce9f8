"""Every output format, exactly, on one small faulty deployment; schemas; secrets; options."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema

from tel3sis_lint import __version__
from tel3sis_lint.diagnostics import Diagnostic, Location, Severity
from tel3sis_lint.engine import LintResult
from tel3sis_lint.plugins import load_registry, make_plugin_manager
from tel3sis_lint.reporters import github, text
from tel3sis_lint.reporters._common import excerpt, first_sentence
from tel3sis_lint.testing import codes, lint_tree, run_cli

DATA = Path(__file__).parent / "data"
FORMATS = ("text", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit")

# An obsolete version key (info), one worker without concurrency (error, warning) and a
# duplicated .env key whose value is a URL with a password (warning, a related location).
FILES = {
    "compose.yaml": (
        "version: '3'\nservices:\n  worker:\n    image: app:1\n    command: celery -A app worker\n"
    ),
    ".env": "REDIS_URL=redis://:Zq9xPw@redis:6379/0\nREDIS_URL=redis://:Zq9xPw@redis:6379/1\n",
}
TL403 = "REDIS_URL is already set on line 1; this later value wins"
TL602 = "version: '3' is obsolete; Compose ignores it"
TL101 = (
    "1 Celery worker instance in total (worker x1); run at least 2 so one can take over when "
    "another stops (deploy.replicas)"
)
TL102 = (
    "Celery worker 'worker' sets no --concurrency and CELERY_WORKER_CONCURRENCY is not set "
    "for it, so it forks one process per CPU of its host"
)
FINGERPRINTS = {
    "TL403": "cb0223ad0dc8ee3e716b900ea0e31e00",
    "TL602": "6dd68873413b451c2a8ef8caed2ea9cf",
    "TL101": "2700b3ec96b1dc49b957dd6c0629b82c",
    "TL102": "62c73fa3ad17878958778a8ab7c73ff7",
}
HELP_TL101 = (
    "Set `deploy.replicas: 2` (or more) on the worker service, or run a second worker service."
)
HELP_TL102 = (
    "Start the worker with `--concurrency=${CELERY_WORKER_CONCURRENCY:-4}` and set the "
    "variable per environment."
)
HELP_TL602 = "Delete the line (`--fix` does it when the key and its value share one line)."


def run(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    return lint_tree(FILES, tmp_path, args)


# --- text -------------------------------------------------------------------------------


def test_text_shows_each_diagnostic_with_source_caret_help_and_related(tmp_path: Path) -> None:
    code, out, err = run(tmp_path)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f".env:2:1: TL403 [duplicate-key] {TL403}",
        "    REDIS_URL=redis://:***@redis:6379/1",
        "    ^",
        "  = help: Delete the line you did not mean.",
        "  = related: .env:1:1",
        "",
        f"compose.yaml:1:1: TL602 [obsolete-compose-version] {TL602}",
        "    version: '3'",
        "    ^",
        f"  = help: {HELP_TL602}",
        "",
        f"compose.yaml:3:3: TL101 [single-celery-worker] {TL101}",
        "      worker:",
        "      ^",
        f"  = help: {HELP_TL101}",
        "",
        f"compose.yaml:5:14: TL102 [worker-concurrency-unset] {TL102}",
        "        command: celery -A app worker",
        "                 ^",
        f"  = help: {HELP_TL102}",
        "",
        "Found 4 problems (1 error, 2 warnings, 1 info) in 2 files.",
    ]


def test_quiet_prints_only_the_diagnostic_lines(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "--quiet")
    assert code == 1
    assert out.splitlines() == [
        f".env:2:1: TL403 [duplicate-key] {TL403}",
        f"compose.yaml:1:1: TL602 [obsolete-compose-version] {TL602}",
        f"compose.yaml:3:3: TL101 [single-celery-worker] {TL101}",
        f"compose.yaml:5:14: TL102 [worker-concurrency-unset] {TL102}",
    ]


def test_statistics_count_each_rule_after_the_diagnostics(tmp_path: Path) -> None:
    files = {**FILES, ".env": FILES[".env"] + "REDIS_URL=redis://redis:6379/2\n"}
    code, out, _ = lint_tree(files, tmp_path, ["--quiet", "--statistics"])
    assert code == 1
    assert codes(out) == ["TL403", "TL403", "TL602", "TL101", "TL102"]
    assert out.splitlines()[5:] == [
        "   2  TL403  duplicate-key",
        "   1  TL101  single-celery-worker",
        "   1  TL102  worker-concurrency-unset",
        "   1  TL602  obsolete-compose-version",
    ]
    _, full, _ = lint_tree(files, tmp_path, ["--statistics"])
    assert full.endswith(
        "   2  TL403  duplicate-key\n"
        "   1  TL101  single-celery-worker\n"
        "   1  TL102  worker-concurrency-unset\n"
        "   1  TL602  obsolete-compose-version\n"
        "\n"
        "Found 5 problems (1 error, 3 warnings, 1 info) in 2 files.\n"
    )
    _, concise, _ = lint_tree(files, tmp_path, ["--format", "concise", "--statistics"])
    assert concise.splitlines()[5:] == [
        "   2  TL403  duplicate-key",
        "   1  TL101  single-celery-worker",
        "   1  TL102  worker-concurrency-unset",
        "   1  TL602  obsolete-compose-version",
    ]


@pytest.mark.parametrize("fmt", ["json", "json-lines", "sarif", "gitlab", "junit"])
def test_statistics_cannot_follow_a_structured_format(tmp_path: Path, fmt: str) -> None:
    code, out, err = run(tmp_path, "--format", fmt, "--statistics")
    assert (code, out) == (2, "")
    assert err == (
        f"tel3sis-lint: --statistics cannot follow a {fmt} report "
        "(use it with text, concise, github)\n"
    )


def test_no_statistics_and_the_clean_summary_for_a_clean_tree(tmp_path: Path) -> None:
    files = {"compose.yaml": "services:\n  web:\n    image: nginx:1\n"}
    code, out, _ = lint_tree(files, tmp_path, ["--statistics"])
    assert (code, out) == (0, "All clear: 1 file checked, no problems found.\n")


def test_excerpt_lines_are_never_taken_for_diagnostics(tmp_path: Path) -> None:
    files = {".env": "A=x.env:1:2: TL101 [fake] not a diagnostic\nA=b.env:3:4: TL102 fake\n"}
    code, out, _ = lint_tree(files, tmp_path)
    assert "    A=b.env:3:4: TL102 fake" in out.splitlines()
    assert codes(out) == ["TL403"]


def test_caret_stays_under_the_column_when_masking_shortens_the_line() -> None:
    line = "BROKER=redis://:a-long-password@redis-host:6379/0"
    result = LintResult(sources={"x.env": {1: line}})
    shown = excerpt(result, Location("x.env", 1, line.index("redis-host") + 1))
    assert shown is not None
    masked, offset = shown
    assert masked == "BROKER=redis://:***@redis-host:6379/0"
    assert masked[offset:].startswith("redis-host")
    # a column inside the masked password points at the mask, not past the line
    inside = excerpt(result, Location("x.env", 1, line.index("long") + 1))
    assert inside is not None and inside[0][inside[1] :].startswith("***")


def test_excerpt_shows_control_characters_as_escapes_and_expands_tabs() -> None:
    result = LintResult(sources={"a": {1: "\tA=\x1b[31mred"}})
    assert excerpt(result, Location("a", 1, 4)) == ("    A=\\x1b[31mred", 6)


def test_first_sentence_ignores_full_stops_inside_code() -> None:
    assert first_sentence("Use `redis.conf`. Then restart.") == "Use `redis.conf`."
    assert first_sentence("No full stop at all") == "No full stop at all"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _text_report(stream: io.StringIO) -> str:
    d = Diagnostic(
        Location("compose.yaml", 1, 1), "TL602", "obsolete-compose-version", Severity.INFO, "m"
    )
    text.report(LintResult(diagnostics=[d], files_checked=1), stream)
    return stream.getvalue()


def test_colour_on_a_terminal_unless_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert _text_report(_Terminal()).splitlines()[0] == (
        "\x1b[1mcompose.yaml:1:1:\x1b[0m \x1b[1;36mTL602\x1b[0m [obsolete-compose-version] m"
    )
    assert "\x1b[" not in _text_report(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in _text_report(_Terminal())


def test_force_color_colours_a_pipe_but_never_a_file(tmp_path: Path) -> None:
    _, out, _ = run(tmp_path, "--quiet")
    assert "\x1b[" not in out
    _, out, _ = run_cli(["--quiet", "."], cwd=tmp_path, env={"FORCE_COLOR": "1"})
    assert out.startswith("\x1b[1m.env:2:1:\x1b[0m \x1b[1;33mTL403\x1b[0m [duplicate-key] ")
    _, out, _ = run_cli(
        ["--quiet", "-o", "report.txt", "."], cwd=tmp_path, env={"FORCE_COLOR": "1"}
    )
    report = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert out == "" and "\x1b[" not in report and report.startswith(".env:2:1: TL403")


# --- json, json-lines, concise ------------------------------------------------------------


def _json_object(code: str, name: str, severity: str, message: str, path: str, line: int,
                 column: int, related: list[dict[str, Any]] | None = None) -> dict[str, Any]:  # fmt: skip
    return {
        "code": code,
        "name": name,
        "severity": severity,
        "message": message,
        "path": path,
        "line": line,
        "column": column,
        "end_line": None,
        "end_column": None,
        "related": related or [],
        "fingerprint": FINGERPRINTS[code],
        "schema_version": 1,
    }


EXPECTED_JSON = [
    _json_object(
        "TL403",
        "duplicate-key",
        "warning",
        TL403,
        ".env",
        2,
        1,
        [{"path": ".env", "line": 1, "column": 1}],
    ),  # fmt: skip
    _json_object("TL602", "obsolete-compose-version", "info", TL602, "compose.yaml", 1, 1),
    _json_object("TL101", "single-celery-worker", "error", TL101, "compose.yaml", 3, 3),
    _json_object("TL102", "worker-concurrency-unset", "warning", TL102, "compose.yaml", 5, 14),
]


def test_json_is_an_array_of_versioned_objects(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "--format", "json")
    assert code == 1
    assert json.loads(out) == EXPECTED_JSON
    assert out == json.dumps(EXPECTED_JSON, indent=2) + "\n"


def test_json_lines_is_one_object_per_line(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "--format", "json-lines")
    assert code == 1
    assert out == "".join(json.dumps(obj) + "\n" for obj in EXPECTED_JSON)


def test_concise_is_one_line_per_diagnostic_and_nothing_else(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "--format", "concise")
    assert code == 1
    assert out == (
        f".env:2:1: TL403 {TL403}\n"
        f"compose.yaml:1:1: TL602 {TL602}\n"
        f"compose.yaml:3:3: TL101 {TL101}\n"
        f"compose.yaml:5:14: TL102 {TL102}\n"
    )


@pytest.mark.parametrize(("fmt", "empty"), [("json", "[]\n"), ("json-lines", ""), ("concise", "")])
def test_a_clean_tree_gives_an_empty_report(tmp_path: Path, fmt: str, empty: str) -> None:
    files = {"compose.yaml": "services:\n  web:\n    image: nginx:1\n"}
    assert lint_tree(files, tmp_path, ["--format", fmt]) == (0, empty, "")


# --- github --------------------------------------------------------------------------------


GITHUB = (
    f"::warning file=.env,line=2,col=1,title=TL403 duplicate-key::{TL403}\n"
    f"::notice file=compose.yaml,line=1,col=1,title=TL602 obsolete-compose-version::{TL602}\n"
    f"::error file=compose.yaml,line=3,col=3,title=TL101 single-celery-worker::{TL101}\n"
    f"::warning file=compose.yaml,line=5,col=14,title=TL102 worker-concurrency-unset::{TL102}\n"
)


def test_github_prints_workflow_commands(tmp_path: Path) -> None:
    assert run(tmp_path, "--format", "github") == (1, GITHUB, "")


def test_github_is_the_default_under_github_actions(tmp_path: Path) -> None:
    lint_tree(FILES, tmp_path)
    actions = {"GITHUB_ACTIONS": "true"}
    assert run_cli(["."], cwd=tmp_path, env=actions) == (1, GITHUB, "")
    _, out, _ = run_cli(["--format", "text", "."], cwd=tmp_path, env=actions)
    assert out.startswith(f".env:2:1: TL403 [duplicate-key] {TL403}\n")
    # a report written to a file is for reading later: text, not annotations
    run_cli(["-o", "report.txt", "."], cwd=tmp_path, env=actions)
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").startswith(".env:2:1: TL403 ")
    _, out, _ = run_cli(["."], cwd=tmp_path, env={"GITHUB_ACTIONS": "false"})
    assert out.startswith(".env:2:1: TL403 ")


def test_github_escapes_data_and_properties() -> None:
    assert github.escape_data("50%\r\nof: a, b") == "50%25%0D%0Aof: a, b"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    d = Diagnostic(
        Location("odd,dir:x/compose.yaml", 2, 3, end_line=2, end_column=9),
        "TL101",
        "single-celery-worker",
        Severity.ERROR,
        "100% wrong\nsecond line with redis://:hunter2@h/0",
    )
    stream = io.StringIO()
    github.report(LintResult(diagnostics=[d], internal_errors=["rule X: boom"]), stream)
    assert stream.getvalue() == (
        "::error file=odd%2Cdir%3Ax/compose.yaml,line=2,col=3,endLine=2,endColumn=9,"
        "title=TL101 single-celery-worker::100%25 wrong%0Asecond line with redis://:***@h/0\n"
        "::error title=tel3sis-lint internal error::rule X: boom\n"
    )


# --- gitlab --------------------------------------------------------------------------------


def test_gitlab_code_quality_report(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "--format", "gitlab")
    assert code == 1

    def issue(code: str, name: str, message: str, severity: str, path: str, line: int) -> Any:
        return {
            "description": f"{code} [{name}] {message}",
            "check_name": f"{code}-{name}",
            "fingerprint": FINGERPRINTS[code],
            "severity": severity,
            "location": {"path": path, "lines": {"begin": line}},
        }

    assert json.loads(out) == [
        issue("TL403", "duplicate-key", TL403, "minor", ".env", 2),
        issue("TL602", "obsolete-compose-version", TL602, "info", "compose.yaml", 1),
        issue("TL101", "single-celery-worker", TL101, "major", "compose.yaml", 3),
        issue("TL102", "worker-concurrency-unset", TL102, "minor", "compose.yaml", 5),
    ]


def test_gitlab_fingerprints_are_unique_within_a_report() -> None:
    from tel3sis_lint.reporters.gitlab import issues

    same = [
        Diagnostic(Location("a.env", n), "TL403", "duplicate-key", Severity.WARNING, "m", key="A")
        for n in (2, 3)
    ]
    fps = [i["fingerprint"] for i in issues(LintResult(diagnostics=same))]
    assert fps[0] == same[0].fingerprint and len(set(fps)) == 2


# --- junit ---------------------------------------------------------------------------------


JUNIT_XSD = DATA / "junit-10.xsd"


def test_junit_has_a_suite_per_file_and_a_failed_case_per_diagnostic(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "--format", "junit")
    assert code == 1
    assert out == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="tel3sis-lint" tests="4" failures="4" errors="0">\n'
        '  <testsuite name=".env" tests="1" failures="1" errors="0" skipped="0">\n'
        '    <testcase name="TL403 duplicate-key at .env:2:1" classname=".env">\n'
        f'      <failure type="warning" message="{TL403}">.env:2:1: TL403 [duplicate-key] {TL403}\n'
        "  = help: Delete the line you did not mean.\n"
        "  = related: .env:1:1</failure>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        '  <testsuite name="compose.yaml" tests="3" failures="3" errors="0" skipped="0">\n'
        '    <testcase name="TL602 obsolete-compose-version at compose.yaml:1:1" '
        'classname="compose.yaml">\n'
        '      <failure type="info" message="version: \'3\' is obsolete; Compose ignores it">'
        f"compose.yaml:1:1: TL602 [obsolete-compose-version] {TL602}\n"
        f"  = help: {HELP_TL602}</failure>\n"
        "    </testcase>\n"
        '    <testcase name="TL101 single-celery-worker at compose.yaml:3:3" '
        'classname="compose.yaml">\n'
        f'      <failure type="error" message="{TL101}">'
        f"compose.yaml:3:3: TL101 [single-celery-worker] {TL101}\n"
        f"  = help: {HELP_TL101}</failure>\n"
        "    </testcase>\n"
        '    <testcase name="TL102 worker-concurrency-unset at compose.yaml:5:14" '
        'classname="compose.yaml">\n'
        f'      <failure type="warning" message="{TL102}">'
        f"compose.yaml:5:14: TL102 [worker-concurrency-unset] {TL102}\n"
        f"  = help: {HELP_TL102}</failure>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n"
    )
    xmlschema.XMLSchema(JUNIT_XSD).validate(out)


def test_junit_for_a_clean_tree_is_one_passing_case(tmp_path: Path) -> None:
    files = {"compose.yaml": "services:\n  web:\n    image: nginx:1\n"}
    code, out, _ = lint_tree(files, tmp_path, ["--format", "junit"])
    assert code == 0
    assert out == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="tel3sis-lint" tests="1" failures="0" errors="0">\n'
        '  <testsuite name="tel3sis-lint" tests="1" failures="0" errors="0" skipped="0">\n'
        '    <testcase name="no problems found in 1 file" classname="tel3sis-lint" />\n'
        "  </testsuite>\n"
        "</testsuites>\n"
    )
    xmlschema.XMLSchema(JUNIT_XSD).validate(out)


def test_junit_reports_internal_errors_and_survives_control_characters() -> None:
    from tel3sis_lint.reporters import junit

    d = Diagnostic(Location("a\x01.env", 1), "TL403", "duplicate-key", Severity.WARNING, "x\x1by")
    stream = io.StringIO()
    junit.report(LintResult(diagnostics=[d], internal_errors=["rule TL101 failed: boom"]), stream)
    schema = xmlschema.XMLSchema(JUNIT_XSD)
    schema.validate(stream.getvalue())
    assert '<testsuites name="tel3sis-lint" tests="2" failures="1" errors="1">' in stream.getvalue()
    assert '<error type="internal-error" message="rule TL101 failed: boom" />' in stream.getvalue()
    assert 'message="x\ufffdy"' in stream.getvalue()


def test_the_junit_schema_rejects_what_it_should() -> None:
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        xmlschema.XMLSchema(JUNIT_XSD).validate("<testsuites><testcase name='x'/></testsuites>")


# --- sarif ---------------------------------------------------------------------------------


REGISTRY = load_registry(make_plugin_manager())
SARIF_SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _validate_sarif(log: Any) -> None:
    jsonschema.Draft4Validator(
        SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    ).validate(log)


def _physical(uri: str, line: int, column: int, snippet: str) -> dict[str, Any]:
    return {
        "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": line, "startColumn": column, "snippet": {"text": snippet}},
    }


def _sarif_result(code: str, level: str, message: str, where: dict[str, Any]) -> dict[str, Any]:
    index = [r.code for r in REGISTRY.rules].index(code)
    return {
        "ruleId": code,
        "ruleIndex": index,
        "level": level,
        "message": {"text": message},
        "locations": [{"physicalLocation": where}],
        "partialFingerprints": {"tel3sisFingerprint/v1": FINGERPRINTS[code]},
    }


def test_sarif_results_and_invocation(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    _validate_sarif(log)
    assert log["$schema"] == (
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    )
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run_ = log["runs"][0]
    tl403 = _sarif_result(
        "TL403", "warning", TL403, _physical(".env", 2, 1, "REDIS_URL=redis://:***@redis:6379/1")
    )
    tl403["relatedLocations"] = [
        {
            "id": 1,
            "physicalLocation": _physical(".env", 1, 1, "REDIS_URL=redis://:***@redis:6379/0"),
            "message": {"text": "also involved in this TL403 finding"},
        }
    ]
    # relatedLocations sits before partialFingerprints in the output
    tl403["partialFingerprints"] = tl403.pop("partialFingerprints")
    assert {k: v for k, v in run_.items() if k != "tool"} == {
        "invocations": [{"executionSuccessful": True}],
        "originalUriBaseIds": {
            "%SRCROOT%": {"description": {"text": "The folder tel3sis-lint was run in."}}
        },
        "columnKind": "unicodeCodePoints",
        "results": [
            tl403,
            _sarif_result("TL602", "note", TL602, _physical("compose.yaml", 1, 1, "version: '3'")),
            _sarif_result("TL101", "error", TL101, _physical("compose.yaml", 3, 3, "  worker:")),
            _sarif_result(
                "TL102",
                "warning",
                TL102,
                _physical("compose.yaml", 5, 14, "    command: celery -A app worker"),
            ),
        ],
    }
    assert json.dumps(log, indent=2) + "\n" == out


def test_sarif_driver_lists_every_rule_with_its_page(tmp_path: Path) -> None:
    from tel3sis_lint.catalogue import render_page

    _, out, _ = run(tmp_path, "--format", "sarif")
    driver = json.loads(out)["runs"][0]["tool"]["driver"]
    assert {k: v for k, v in driver.items() if k != "rules"} == {
        "name": "tel3sis-lint",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": "https://github.com/tel3sis/tel3sis-lint",
    }
    assert [r["id"] for r in driver["rules"]] == [r.code for r in REGISTRY.rules]
    tl101 = REGISTRY.find("TL101")
    assert tl101 is not None
    page = render_page(tl101)
    assert driver["rules"][[r.code for r in REGISTRY.rules].index("TL101")] == {
        "id": "TL101",
        "name": "single-celery-worker",
        "shortDescription": {"text": "Fewer than 2 Celery worker instances"},
        "fullDescription": {
            "text": "Counts the Celery worker instances of the deployment: every service whose "
            "command runs `celery ... worker` (directly, through `sh -c`, or a configured "
            "wrapper), times its `deploy.replicas` or `scale` (default 1; `deploy.mode: global` "
            "counts as 2 or more). Fires when the total is below `min-workers`.",
            "markdown": "Counts the Celery worker instances of the deployment: every service whose "
            "command\nruns `celery ... worker` (directly, through `sh -c`, or a configured "
            "wrapper), times\nits `deploy.replicas` or `scale` (default 1; `deploy.mode: global` "
            "counts as 2 or\nmore). Fires when the total is below `min-workers`.",
        },
        "help": {"text": page, "markdown": page},
        "defaultConfiguration": {"level": "error"},
        "helpUri": "https://github.com/tel3sis/tel3sis-lint/blob/main/rules/"
        "TL101-single-celery-worker/README.md",
        "properties": {"guideSection": "Celery Worker Pool; Scaling Notes"},
    }
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in driver["rules"]}
    assert levels["TL602"] == "note" and levels["TL102"] == "warning"


def test_sarif_reports_internal_errors_as_notifications() -> None:
    from tel3sis_lint.reporters import sarif

    d = Diagnostic(Location("dir with space/ä.env", 1), "XX101", "x", Severity.ERROR, "m")
    log = sarif.sarif_log(LintResult(diagnostics=[d], internal_errors=["rule TL101 failed"]))
    _validate_sarif(log)
    run_ = log["runs"][0]
    assert run_["invocations"] == [
        {
            "executionSuccessful": False,
            "toolExecutionNotifications": [
                {"level": "error", "message": {"text": "rule TL101 failed"}}
            ],
        }
    ]
    location = run_["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "dir%20with%20space/%C3%A4.env"
    assert "ruleIndex" not in run_["results"][0]  # a code the run's catalogue does not know


def test_the_sarif_schema_rejects_what_it_should(tmp_path: Path) -> None:
    _, out, _ = run(tmp_path, "--format", "sarif")
    log = json.loads(out)
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        _validate_sarif(log)


# --- all formats ---------------------------------------------------------------------------


def _count(fmt: str, out: str) -> int:
    if fmt in ("json", "gitlab"):
        return len(json.loads(out))
    if fmt == "sarif":
        return len(json.loads(out)["runs"][0]["results"])
    if fmt == "junit":
        return out.count("<failure ")
    if fmt == "text":
        return len(codes(out))
    return len(out.splitlines())


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_reports_the_same_diagnostics(tmp_path: Path, fmt: str) -> None:
    code, out, err = run(tmp_path, "--format", fmt)
    assert (code, err) == (1, "")
    assert _count(fmt, out) == 4
    assert "Zq9xPw" not in out


def test_every_builtin_format_is_registered() -> None:
    assert sorted(REGISTRY.reporters) == sorted(FORMATS)


def test_a_format_module_is_imported_only_when_used(tmp_path: Path) -> None:
    lint_tree(FILES, tmp_path)
    script = (
        "import sys\n"
        "from tel3sis_lint.testing import run_cli\n"
        "run_cli(['.'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('tel3sis_lint.reporters.')))\n"
        "print('xml.etree.ElementTree' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == [
        "['tel3sis_lint.reporters._common', 'tel3sis_lint.reporters.text']",
        "False",
    ]


# --- secrets -------------------------------------------------------------------------------

PASSWORD = "Qx7-Planted-Hunter2"
WEAK = f'[rules.TL501]\nweak-passwords = ["{PASSWORD}"]\n'
COMPOSE = "services:\n  worker:\n    image: app:1\n    command: celery -A app worker -c 2\n"
PLANTS = {
    # a URL in .env, reported (TL403) on its own line and as the related earlier line
    "env-url": {
        "compose.yaml": COMPOSE,
        ".env": f"REDIS_URL=redis://:{PASSWORD}@redis:6379/0\n"
        f"REDIS_URL=redis://:{PASSWORD}@redis:6379/1\n",
    },
    # compose environment values, reported (TL501) on their lines
    "compose-env": {
        ".tel3sis-lint.toml": WEAK,
        "compose.yaml": COMPOSE
        + f"    environment:\n      REDIS_URL: redis://:{PASSWORD}@redis:6379/0\n"
        f"      DB_PASSWORD: {PASSWORD}\n",
    },
    # a Sentinel's auth-pass line, reported (TL501) on its line
    "sentinel-auth-pass": {
        ".tel3sis-lint.toml": WEAK,
        "sentinel.conf": f"sentinel monitor mymaster 10.0.0.1 6379 2\n"
        f"sentinel auth-pass mymaster {PASSWORD}\n",
    },
}


@pytest.mark.parametrize(("plant", "fmt"), [(p, f) for p in PLANTS for f in FORMATS])
def test_a_planted_password_appears_in_no_format(tmp_path: Path, plant: str, fmt: str) -> None:
    code, out, err = lint_tree(PLANTS[plant], tmp_path, ["--format", fmt])
    assert code == 1 and _count(fmt, out) > 0, out
    assert PASSWORD not in out + err
    if plant != "env-url":  # the plants are reported where they are, not elsewhere
        assert "TL501" in out
