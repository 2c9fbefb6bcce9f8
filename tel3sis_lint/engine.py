"""discover -> parse -> model -> rules -> suppress -> sort. One deployment at a time."""

from __future__ import annotations

import functools
import os
import re
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from .diagnostics import Diagnostic, Finding, Location, Severity
from .discovery import discover
from .environments import plan
from .loader import Loader
from .model.app_source import AppFacts
from .model.assemble import assemble
from .model.topology import Deployment
from .plugins import Registry
from .rule import Rule, RuleContext, RuleMeta
from .settings import Settings
from .suppressions import FileSuppressions, scan


@dataclass
class LintResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files_checked: int = 0
    internal_errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    deployments: int = 0
    discovery_problems: list[tuple[str, str]] = field(default_factory=list)
    # the rule catalogue of the run (SARIF's tool.driver.rules, help texts, fix hints)
    rules: tuple[RuleMeta, ...] = ()
    # the source text of each reported line, for reporters that show it: path -> line -> text
    sources: dict[str, dict[int, str]] = field(default_factory=dict)
    fail_on: Severity = Severity.WARNING

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for d in self.diagnostics:
            out[d.severity.label] += 1
        return out

    def exit_code(self, fail_on: Severity) -> int:
        if self.internal_errors:
            return 3
        return 1 if any(d.severity >= fail_on for d in self.diagnostics) else 0


def display_path(path: str) -> str:
    """``path`` as users see it: relative to the working directory, with ``/``."""
    return _display(path, os.getcwd())


@functools.lru_cache(maxsize=65536)
def _display(path: str, cwd: str) -> str:
    return os.path.relpath(path, cwd).replace(os.sep, "/")


def iter_deployments(
    paths: Sequence[str], settings: Settings, sink: LintResult | None = None
) -> Iterator[tuple[Deployment, Loader]]:
    found = discover(paths, use_gitignore=settings.respect_gitignore, exclude=settings.exclude)
    if sink is not None:
        sink.warnings.extend(f"{display_path(p)}: {msg}" for p, msg in found.warnings)
        sink.discovery_problems.extend(found.problems)
    claimed: set[str] = set()
    facts: dict[str, AppFacts] = {}
    roots = tuple(
        os.path.abspath(p) if os.path.isdir(p) else os.path.dirname(os.path.abspath(p))
        for p in paths
    )
    for group in plan(found, settings.environments):
        if not group.compose:
            group.files = {p: k for p, k in group.files.items() if p not in claimed}
            if not group.files:
                continue
        loader = Loader(display_path, roots)
        for deployment in assemble(group, loader, settings.model_options(), claimed, facts):
            yield deployment, loader


def run_rules(
    deployment: Deployment, rules: Iterable[Rule], settings: Settings, result: LintResult
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    development = deployment.mode == "development"
    for r in rules:
        if development and r.meta.production_only:
            continue
        ctx = RuleContext(deployment, settings.options_for(r))
        try:
            findings: list[Finding] = list(r.check(ctx))
        except Exception as exc:  # a rule bug must not take the run down
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            result.internal_errors.append(
                f"rule {r.code} ({r.name}) failed on deployment {deployment.root}: "
                f"{type(exc).__name__}: {exc} [{os.path.basename(frame.filename)}:{frame.lineno}]"
            )
            continue
        severity = settings.severity_for(r)
        for f in findings:
            out.append(
                Diagnostic(
                    f.location,
                    r.code,
                    r.name,
                    f.severity or severity,
                    f.message,
                    f.related,
                    f.key,
                    f.fix,
                )
            )
    return out


def _apply_overrides(diags: list[Diagnostic], registry: Registry) -> list[Diagnostic]:
    """One fault, one diagnostic: a more specific rule's finding hides the general one's."""
    by_code = registry.by_code()
    hidden: set[tuple[str, str]] = set()
    for d in diags:
        r = by_code.get(d.code)
        if r is not None and d.key:
            for other in r.meta.overrides:
                hidden.add((other, d.key))
    if not hidden:
        return diags
    return [d for d in diags if (d.code, d.key) not in hidden]


def lint(paths: Sequence[str], settings: Settings, registry: Registry) -> LintResult:
    result = LintResult(rules=tuple(r.meta for r in registry.rules), fail_on=settings.fail_on)
    rules = [r for r in registry.rules if settings.is_enabled(r.code)]
    seen: set[tuple[object, ...]] = set()
    files: set[str] = set()
    suppressions: dict[str, FileSuppressions] = {}
    ran_on: dict[str, set[str]] = {}  # file -> rules that ran on a deployment holding it
    resolve = _resolver(registry)
    for deployment, loader in iter_deployments(paths, settings, result):
        result.deployments += 1
        files.update(loader.seen)
        diags = _apply_overrides(run_rules(deployment, rules, settings, result), registry)
        lines_of = _line_reader(loader)
        ran = {
            r.code
            for r in rules
            if not (deployment.mode == "development" and r.meta.production_only)
        }
        for path, text in loader.texts.items():
            shown = display_path(path)
            if shown not in suppressions:
                suppressions[shown] = scan(text, shown)
            ran_on.setdefault(shown, set()).update(ran)
        for d in diags:
            s = suppressions.get(d.location.path)
            hit = s.match(d.code, d.location.line, resolve) if s is not None else None
            if hit is not None:
                hit.used.add(d.code)
                if d.code not in settings.unsuppressible:
                    continue
            ident = (d.location.path, d.location.line, d.location.column, d.code, d.message)
            if ident in seen:
                continue
            seen.add(ident)
            result.diagnostics.append(d)
            _keep_source(result, lines_of, d)
    result.files_checked = len(files)
    tl001 = registry.find("TL001")
    if tl001 is not None and settings.is_enabled("TL001"):
        for path, message in result.discovery_problems:
            ident = (display_path(path), 1, 1, tl001.code, message)
            if ident in seen:
                continue
            seen.add(ident)
            result.diagnostics.append(
                Diagnostic(
                    Location(display_path(path)),
                    tl001.code,
                    tl001.name,
                    settings.severity_for(tl001),
                    message,
                )
            )
    tl003 = registry.find("TL003")
    if tl003 is not None and settings.is_enabled("TL003"):
        for finding in invalid_suppressions(suppressions, resolve, ran_on, settings):
            result.diagnostics.append(
                Diagnostic(
                    finding.location,
                    tl003.code,
                    tl003.name,
                    settings.severity_for(tl003),
                    finding.message,
                    key=finding.key,
                )
            )
    result.diagnostics.sort(key=lambda d: d.sort_key)
    return result


def _keep_source(
    result: LintResult, lines_of: Callable[[str], list[str] | None], d: Diagnostic
) -> None:
    """Remember the reported line's text (and related lines) while the file is in memory."""
    for loc in (d.location, *d.related):
        lines = result.sources.setdefault(loc.path, {})
        if loc.line in lines:
            continue
        all_lines = lines_of(loc.path)
        if all_lines is not None and 0 < loc.line <= len(all_lines):
            lines[loc.line] = all_lines[loc.line - 1]


def _line_reader(loader: Loader) -> Callable[[str], list[str] | None]:
    """Split each file of a deployment into lines once, on first need."""
    by_shown = {display_path(p): t for p, t in loader.texts.items()}
    split: dict[str, list[str]] = {}

    def lines_of(shown: str) -> list[str] | None:
        if shown not in split:
            text = by_shown.get(shown)
            if text is None:
                return None
            split[shown] = _LINES.split(text)
        return split[shown]

    return lines_of


_LINES = re.compile(r"\r\n|\r|\n")


def _resolver(registry: Registry) -> Callable[[str], str | None]:
    def resolve(token: str) -> str | None:
        r = registry.find(token)
        return r.code if r is not None else None

    return resolve


def invalid_suppressions(
    suppressions: dict[str, FileSuppressions],
    resolve: Callable[[str], str | None],
    ran_on: Mapping[str, set[str]],
    settings: Settings,
) -> Iterator[Finding]:
    """TL003: suppressions that name no rule, suppress nothing, lack a required reason,
    or try to silence a rule the settings lock down.

    TL003's findings can themselves be suppressed (``ignore[TL003]``), though not by the
    suppression they are about; whether a suppression of TL003 was used is known only once
    the others have been checked."""
    found = []
    for path in sorted(suppressions):
        for s in suppressions[path].items:
            if not s.codes:
                finding = Finding(
                    s.loc, "suppression names no rule: write ignore[TL101]", key=f"sup:{s.loc}"
                )
                found.append((path, s, finding))
                continue
            for token in s.codes:
                code = resolve(token)
                if code is None:
                    finding = Finding(
                        s.loc,
                        f"suppression names unknown rule {token!r}",
                        key=f"sup:{s.loc}:{token}",
                    )
                elif code in settings.unsuppressible:
                    finding = Finding(
                        s.loc,
                        f"{code} cannot be suppressed: the settings lock it down (unsuppressible)",
                        key=f"sup:{s.loc}:{token}",
                    )
                elif code in ran_on.get(path, set()) and code not in s.used and code != "TL003":
                    finding = Finding(
                        s.loc,
                        f"suppression of {code} suppresses nothing",
                        key=f"sup:{s.loc}:{token}",
                    )
                else:
                    continue
                found.append((path, s, finding))
            if settings.require_suppression_reason and not s.reason:
                finding = Finding(
                    s.loc,
                    "suppression gives no reason (the settings require one): "
                    "ignore[TL101] why it is acceptable here",
                    key=f"sup:{s.loc}:reason",
                )
                found.append((path, s, finding))
    for path, own, finding in found:
        hit = suppressions[path].match("TL003", finding.location.line, resolve, skip=own)
        if hit is not None:
            hit.used.add("TL003")
            if "TL003" not in settings.unsuppressible:
                continue
        yield finding
    for path in sorted(suppressions):
        for s in suppressions[path].items:
            for token in s.codes:
                if (
                    resolve(token) == "TL003"
                    and "TL003" not in s.used
                    and "TL003" not in settings.unsuppressible
                ):
                    yield Finding(
                        s.loc,
                        "suppression of TL003 suppresses nothing",
                        key=f"sup:{s.loc}:{token}",
                    )
