"""discover -> parse -> model -> rules -> suppress -> sort. One deployment at a time."""

from __future__ import annotations

import dataclasses
import functools
import gc
import os
import re
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, Finding, Location, Severity
from .discovery import discover
from .environments import Group, plan
from .loader import Loader
from .masking import scrub, secret_values
from .model.assemble import assemble
from .model.topology import Deployment
from .plugins import Registry
from .rule import Rule, RuleContext, RuleMeta
from .settings import Settings
from .suppressions import FileSuppressions, scan

if TYPE_CHECKING:
    from .model.app_source import AppFacts


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
    # secret values of the deployments of files that --fix/--diff may show
    fix_secrets: dict[str, set[str]] = field(default_factory=dict)
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


def _roots(paths: Sequence[str]) -> tuple[str, ...]:
    return tuple(
        os.path.abspath(p) if os.path.isdir(p) else os.path.dirname(os.path.abspath(p))
        for p in paths
    )


def _planned(paths: Sequence[str], settings: Settings, sink: LintResult | None) -> list[Group]:
    found = discover(paths, use_gitignore=settings.respect_gitignore, exclude=settings.exclude)
    if sink is not None:
        sink.warnings.extend(f"{display_path(p)}: {msg}" for p, msg in found.warnings)
        sink.discovery_problems.extend(found.problems)
    return plan(found, settings.environments)


def _deployments(
    group: Group,
    settings: Settings,
    roots: tuple[str, ...],
    claimed: set[str],
    facts: dict[str, AppFacts],
) -> tuple[list[Deployment], Loader] | None:
    if not group.compose:
        group.files = {p: k for p, k in group.files.items() if p not in claimed}
        if not group.files:
            return None
    loader = Loader(display_path, roots)
    return assemble(group, loader, settings.model_options(), claimed, facts), loader


def iter_deployments(
    paths: Sequence[str], settings: Settings, sink: LintResult | None = None
) -> Iterator[tuple[Deployment, Loader]]:
    """Every deployment under ``paths``, one at a time, with the loader that read it."""
    claimed: set[str] = set()
    facts: dict[str, AppFacts] = {}
    roots = _roots(paths)
    for group in _planned(paths, settings, sink):
        made = _deployments(group, settings, roots, claimed, facts)
        if made is None:
            continue
        deployments, loader = made
        for deployment in deployments:
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


@dataclass
class _Outcome:
    """What linting one group of files gave (pickled back from a worker process)."""

    diagnostics: list[tuple[Diagnostic, frozenset[str]]] = field(default_factory=list)
    suppressions: dict[str, FileSuppressions] = field(default_factory=dict)
    ran_on: dict[str, set[str]] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)
    sources: dict[str, dict[int, str]] = field(default_factory=dict)
    internal_errors: list[str] = field(default_factory=list)
    claimed: set[str] = field(default_factory=set)
    deployments: int = 0
    fix_secrets: dict[str, set[str]] = field(default_factory=dict)


def _lint_group(
    group: Group,
    settings: Settings,
    registry: Registry,
    rules: list[Rule],
    roots: tuple[str, ...],
    claimed: set[str],
    facts: dict[str, AppFacts],
) -> _Outcome:
    out = _Outcome()
    made = _deployments(group, settings, roots, claimed, facts)
    if made is None:
        return out
    deployments, loader = made
    out.files.update(loader.seen)
    lines_of = _line_reader(loader)
    shown = {p: display_path(p) for p in loader.texts}
    for path, text in loader.texts.items():
        found = scan(text, shown[path])
        if found.items:
            out.suppressions[shown[path]] = found
    sink = LintResult()
    for deployment in deployments:
        out.deployments += 1
        secrets = secret_values(deployment.secrets())
        ran = frozenset(
            r.code
            for r in rules
            if not (deployment.mode == "development" and r.meta.production_only)
        )
        for name in shown.values():
            out.ran_on.setdefault(name, set()).update(ran)
        for d in _apply_overrides(run_rules(deployment, rules, settings, sink), registry):
            if secrets and any(v in d.message for v in secrets):
                d = dataclasses.replace(d, message=scrub(d.message, secrets))
            out.diagnostics.append((d, ran))
            for edit in d.fix:
                out.fix_secrets.setdefault(edit.path, set()).update(secrets)
            for loc in (d.location, *d.related):
                lines = out.sources.setdefault(loc.path, {})
                all_lines = lines_of(loc.path) if loc.line not in lines else None
                if all_lines is not None and 0 < loc.line <= len(all_lines):
                    lines[loc.line] = scrub(all_lines[loc.line - 1], secrets)
    out.internal_errors = sink.internal_errors
    out.claimed = claimed
    return out


# Worker processes get the run's settings once (fork inherits them; spawn pickles them).
_WORKER: tuple[Settings, Registry, list[Rule], tuple[str, ...]] | None = None


def _init_worker(
    settings: Settings, registry: Registry, rules: list[Rule], roots: tuple[str, ...]
) -> None:
    global _WORKER
    _WORKER = (settings, registry, rules, roots)


def _work(groups: list[Group]) -> list[_Outcome]:
    assert _WORKER is not None
    settings, registry, rules, roots = _WORKER
    facts: dict[str, AppFacts] = {}
    return [_lint_group(g, settings, registry, rules, roots, set(), facts) for g in groups]


PARALLEL_MIN_GROUPS = 64  # below this a process pool costs more than it saves
_BATCH = 16


def _outcomes(
    groups: list[Group],
    settings: Settings,
    registry: Registry,
    rules: list[Rule],
    roots: tuple[str, ...],
    jobs: int,
) -> Iterator[_Outcome]:
    """Outcomes in group order, from this process or from ``jobs`` worker processes.

    Compose projects go first: they claim the files they reference, and folders of
    loose config files are linted after, without what a project claimed.
    """
    projects = [g for g in groups if g.compose]
    loose = [g for g in groups if not g.compose]
    if jobs <= 1 or len(groups) < PARALLEL_MIN_GROUPS:
        claimed: set[str] = set()
        facts: dict[str, AppFacts] = {}
        for group in projects + loose:
            yield _lint_group(group, settings, registry, rules, roots, claimed, facts)
        return
    import multiprocessing

    ctx = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    with ctx.Pool(
        jobs, initializer=_init_worker, initargs=(settings, registry, rules, roots)
    ) as pool:
        claimed = set()
        for batch in pool.imap(
            _work, [projects[i : i + _BATCH] for i in range(0, len(projects), _BATCH)]
        ):
            for outcome in batch:
                claimed |= outcome.claimed
                yield outcome
        for group in loose:
            group.files = {p: k for p, k in group.files.items() if p not in claimed}
        loose = [g for g in loose if g.files]
        for batch in pool.imap(
            _work, [loose[i : i + _BATCH] for i in range(0, len(loose), _BATCH)]
        ):
            yield from batch


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def lint(
    paths: Sequence[str], settings: Settings, registry: Registry, jobs: int | None = None
) -> LintResult:
    """Lint ``paths``. ``jobs``: worker processes (None: one per core for a large tree).

    The cyclic garbage collector is paused for the run: the model holds many small
    objects and makes no reference cycles, so its scans only cost time (most of it, on a
    5 MB compose file); memory is freed by reference counting as each deployment ends.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _lint(paths, settings, registry, jobs)
    finally:
        if paused:
            gc.enable()


def _lint(
    paths: Sequence[str], settings: Settings, registry: Registry, jobs: int | None
) -> LintResult:
    result = LintResult(rules=tuple(r.meta for r in registry.rules), fail_on=settings.fail_on)
    rules = [r for r in registry.rules if settings.is_enabled(r.code)]
    seen: set[tuple[object, ...]] = set()
    files: set[str] = set()
    suppressions: dict[str, FileSuppressions] = {}
    ran_on: dict[str, set[str]] = {}  # file -> rules that ran on a deployment holding it
    resolve = _resolver(registry)
    groups = _planned(paths, settings, result)
    roots = _roots(paths)
    workers = default_jobs() if jobs is None else jobs
    for outcome in _outcomes(groups, settings, registry, rules, roots, workers):
        result.deployments += outcome.deployments
        for path, values in outcome.fix_secrets.items():
            result.fix_secrets.setdefault(path, set()).update(values)
        result.internal_errors.extend(outcome.internal_errors)
        files |= outcome.files
        for name, found in outcome.suppressions.items():
            suppressions.setdefault(name, found)
        for name, codes in outcome.ran_on.items():
            ran_on.setdefault(name, set()).update(codes)
        for d, _ran in outcome.diagnostics:
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
            for loc in (d.location, *d.related):
                text = outcome.sources.get(loc.path, {}).get(loc.line)
                if text is not None:
                    result.sources.setdefault(loc.path, {})[loc.line] = text
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
                    s.loc,
                    "suppression names no rule: write ignore[CODE]",
                    key=f"sup:{s.loc}",
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
