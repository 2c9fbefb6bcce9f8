"""Command line: argparse in, exit code out. ``main(argv) -> int`` never calls sys.exit."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from . import __version__
from .diagnostics import Severity

if TYPE_CHECKING:
    from .engine import LintResult
    from .reporters import Reporter

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
SUBCOMMANDS = ("check", "show", "explain")


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("needs at least 1")
    return value


def _csv(text: str) -> list[str]:
    return [p.strip().upper() for p in text.split(",") if p.strip()]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="tel3sis-lint",
        usage="tel3sis-lint [check] [options] [PATH ...]\n"
        "       tel3sis-lint show [options] [PATH ...]\n"
        "       tel3sis-lint explain CODE",
        description="Lint a Celery + Redis + PostgreSQL/PgBouncer deployment as one whole: "
        ".env files, compose files, pgbouncer.ini and Redis/Sentinel configs. "
        "`show` prints what the linter took each deployment to be.",
        epilog="Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or "
        "configuration error, 3 internal error.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="folders or files to lint (default: .)")
    p.add_argument(
        "--select",
        type=_csv,
        metavar="CODES",
        help="rules or prefixes to enable (TL1,TL201); replaces the configured selection",
    )
    p.add_argument(
        "--extend-select",
        type=_csv,
        default=[],
        metavar="CODES",
        help="rules or prefixes to enable on top of the selection",
    )
    p.add_argument(
        "--ignore", type=_csv, default=[], metavar="CODES", help="rules or prefixes to disable"
    )
    p.add_argument(
        "--format",
        default=None,
        metavar="FORMAT",
        help="output format: text (the default; github under GitHub Actions), concise, json, "
        "json-lines, sarif, github, gitlab or junit",
    )
    p.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="text format: print only the diagnostic lines (no source, hints or summary)",
    )
    p.add_argument(
        "--statistics",
        action="store_true",
        help="after the diagnostics, print how many each rule reported (text, concise, github)",
    )
    p.add_argument(
        "--output-file", "-o", metavar="FILE", help="write the report to FILE instead of stdout"
    )
    p.add_argument(
        "--fail-on",
        choices=["error", "warning", "info"],
        help="lowest severity that fails the run (default: warning)",
    )
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when problems are found")
    p.add_argument(
        "--config",
        metavar="FILE",
        help="settings file (default: .tel3sis-lint.toml or [tool.tel3sis-lint] in pyproject.toml, searched upwards)",
    )
    p.add_argument(
        "--no-respect-gitignore",
        action="store_true",
        help="also lint files that .gitignore excludes",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        metavar="N",
        help="worker processes (default: one per core when the tree is large enough)",
    )
    p.add_argument(
        "--baseline", metavar="FILE", help="report only findings that are not in this baseline"
    )
    p.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record today's findings in FILE (then use --baseline FILE)",
    )
    p.add_argument(
        "--fix",
        action="store_true",
        help="apply the safe fixes (TL602, TL403, TL103), then report what is left",
    )
    p.add_argument(
        "--diff", action="store_true", help="show the safe fixes as a diff; change nothing"
    )
    p.add_argument(
        "--show-settings",
        action="store_true",
        help="print the resolved settings and where each value came from, and exit",
    )
    p.add_argument("--list-rules", action="store_true", help="list every rule and exit")
    p.add_argument("--explain", metavar="CODE", help="show a rule's documentation and exit")
    p.add_argument("--version", action="version", version=f"tel3sis-lint {__version__}")
    return p


def _list_rules(registry: object, out: TextIO) -> None:
    from .plugins import Registry

    assert isinstance(registry, Registry)
    for r in registry.rules:
        out.write(f"{r.code}  {r.name:<44} {r.meta.severity.label:<8} {r.meta.summary}\n")


def explain_text(rule: object) -> str:
    from .catalogue import render_page

    return render_page(rule)  # type: ignore[arg-type]


# line-oriented formats that a statistics block can follow without breaking a parser
STATISTICS_FORMATS = ("text", "concise", "github")


def default_format(output_file: str | None) -> str:
    """text, or github annotations when the run's output is a GitHub Actions log."""
    if os.environ.get("GITHUB_ACTIONS") == "true" and not output_file:
        return "github"
    return "text"


def _choose_reporter(
    args: argparse.Namespace, reporters: Mapping[str, Reporter], err: TextIO
) -> Reporter | None:
    """The reporter for --format, --quiet and --statistics, or None after a usage error."""
    fmt = args.format or default_format(args.output_file)
    reporter = reporters.get(fmt)
    if reporter is None:
        choices = ", ".join(sorted(reporters))
        err.write(f"tel3sis-lint: unknown format {fmt!r} (choose from {choices})\n")
        return None
    if args.statistics and fmt not in STATISTICS_FORMATS:
        err.write(
            f"tel3sis-lint: --statistics cannot follow a {fmt} report "
            f"(use it with {', '.join(STATISTICS_FORMATS)})\n"
        )
        return None
    if fmt == "text" and (args.quiet or args.statistics):
        from functools import partial

        from .reporters.text import render

        return partial(render, quiet=args.quiet, show_statistics=args.statistics)
    if args.statistics:
        from .reporters.text import statistics

        base = reporter

        def with_statistics(result: LintResult, stream: TextIO) -> None:
            base(result, stream)
            statistics(result, stream)

        return with_statistics
    return reporter


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    command = "check"
    if argv and argv[0] in SUBCOMMANDS and not os.path.exists(argv[0]):
        command = argv.pop(0)
        if command == "explain":
            argv = ["--explain", *argv] if len(argv) == 1 else ["--explain", "--help"]
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed usage or --help/--version
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_USAGE
    from .plugins import PluginError, load_registry, make_plugin_manager
    from .settings import ConfigError

    try:
        registry = load_registry(make_plugin_manager())
        if args.list_rules:
            _list_rules(registry, out)
            return EXIT_CLEAN
        if args.explain:
            r = registry.find(args.explain)
            if r is None:
                err.write(f"tel3sis-lint: unknown rule {args.explain!r} (see --list-rules)\n")
                return EXIT_USAGE
            out.write(explain_text(r))
            return EXIT_CLEAN
        paths = args.paths or ["."]
        from .config import load_settings

        settings = load_settings(args.config, paths[0])
        if args.select is not None:
            settings.select = tuple(args.select)
        settings.extend_select = (*settings.extend_select, *args.extend_select)
        settings.ignore = (*settings.ignore, *args.ignore)
        if args.fail_on:
            settings.fail_on = Severity.parse(args.fail_on)
        if args.no_respect_gitignore:
            settings.respect_gitignore = False
        settings = settings.bind(registry)
        if args.show_settings:
            from .settings_report import show_settings

            show_settings(settings, args, registry, out)
            return EXIT_CLEAN
        if args.fix and args.diff:
            err.write("tel3sis-lint: --fix and --diff cannot be combined\n")
            return EXIT_USAGE
        reporter = _choose_reporter(args, registry.reporters, err)
        if reporter is None:
            return EXIT_USAGE
        if args.output_file:
            from .discovery import classify

            target = args.output_file
            if os.path.isfile(target) and classify(target) is not None:
                err.write(
                    f"tel3sis-lint: refusing to write the report over {target}, a file the "
                    "linter reads\n"
                )
                return EXIT_USAGE
        missing = [p for p in paths if not os.path.exists(p)]
        if missing:
            err.write(f"tel3sis-lint: {missing[0]}: no such file or directory\n")
            return EXIT_USAGE
    except (ConfigError, PluginError) as exc:
        err.write(f"tel3sis-lint: {exc}\n")
        return EXIT_USAGE

    if command == "show":
        from .engine import iter_deployments
        from .show import describe

        for deployment, _loader in iter_deployments(paths, settings):
            describe(deployment, out)
        return EXIT_CLEAN

    from .engine import lint

    try:
        result = lint(paths, settings, registry, args.jobs)
        if args.diff or args.fix:
            done = _fixes(result, args, out, err)
            if done is not None:
                return done
            result = lint(paths, settings, registry, args.jobs)
        if args.write_baseline or args.baseline:
            done = _baseline(result, args, err)
            if done is not None:
                return done
    except Exception as exc:  # pragma: no cover - the engine catches rule errors itself
        err.write(f"tel3sis-lint: internal error: {type(exc).__name__}: {exc}\n")
        return EXIT_INTERNAL
    for warning in result.warnings:
        err.write(f"tel3sis-lint: warning: {warning}\n")
    for ie in result.internal_errors:
        err.write(f"tel3sis-lint: internal error: {ie}\n")
    if args.output_file:
        try:
            with open(args.output_file, "w", encoding="utf-8") as fh:
                reporter(result, fh)
        except OSError as exc:
            err.write(f"tel3sis-lint: cannot write {args.output_file}: {exc.strerror}\n")
            return EXIT_USAGE
    else:
        reporter(result, out)
    code = result.exit_code(settings.fail_on)
    if args.exit_zero and code == EXIT_FINDINGS:
        return EXIT_CLEAN
    return code


def _read_text(path: str) -> str | None:
    from .parsers import ParseError, decode

    try:
        with open(path, "rb") as fh:
            return decode(fh.read(), path)
    except (OSError, ParseError):
        return None


def _fixes(result: LintResult, args: argparse.Namespace, out: TextIO, err: TextIO) -> int | None:
    """--diff prints the fixes and ends the run; --fix writes them and the run goes on."""
    from .fixes import apply_fixes, plan_fixes
    from .masking import scrub

    fixes = plan_fixes(result.diagnostics, _read_text)
    if args.diff:
        for fix in fixes:
            out.write(scrub(fix.diff(), result.fix_secrets.get(fix.path, ())))
        fixable = sum(1 for d in result.diagnostics if d.fix)
        err.write(
            f"tel3sis-lint: {fixable} fixable finding(s) in {len(fixes)} file(s); nothing written\n"
        )
        return EXIT_FINDINGS if fixes else EXIT_CLEAN
    written, failed = apply_fixes(fixes)
    for fix, reason in failed:
        err.write(f"tel3sis-lint: {fix.path}: not fixed: {reason}\n")
    if written:
        fixed = ", ".join(f"{f.path} ({', '.join(f.codes)})" for f in written)
        err.write(f"tel3sis-lint: fixed {fixed}\n")
    return None


def _baseline(result: LintResult, args: argparse.Namespace, err: TextIO) -> int | None:
    from .baseline import BaselineError, apply_baseline, read_baseline, write_baseline

    if args.write_baseline:
        try:
            n = write_baseline(args.write_baseline, result.diagnostics)
        except OSError as exc:
            err.write(f"tel3sis-lint: cannot write {args.write_baseline}: {exc.strerror}\n")
            return EXIT_USAGE
        err.write(f"tel3sis-lint: recorded {n} finding(s) in {args.write_baseline}\n")
        return EXIT_CLEAN
    try:
        baseline = read_baseline(args.baseline)
    except BaselineError as exc:
        err.write(f"tel3sis-lint: {exc}\n")
        return EXIT_USAGE
    kept, stale = apply_baseline(result.diagnostics, baseline)
    hidden = len(result.diagnostics) - len(kept)
    result.diagnostics = kept
    if hidden:
        err.write(f"tel3sis-lint: {hidden} finding(s) hidden by the baseline {args.baseline}\n")
    if stale:
        err.write(
            f"tel3sis-lint: {len(stale)} baseline entr{'y' if len(stale) == 1 else 'ies'} no longer "
            f"occur (prune them with --write-baseline {args.baseline}):\n"
        )
        for e in stale:
            err.write(f"  {e.path}: {e.code} {e.message}\n")
    return None


def console_main() -> None:
    try:
        code = main()
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = EXIT_CLEAN
    sys.exit(code)
