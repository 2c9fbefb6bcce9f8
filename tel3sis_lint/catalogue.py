"""A rule's catalogue page, rendered from its code: ``--explain`` and ``rules/*/README.md``."""

from __future__ import annotations

import dataclasses

from .rule import Rule


def folder_name(rule: Rule) -> str:
    return f"{rule.code}-{rule.name}"


def render_page(rule: Rule) -> str:
    meta = rule.meta
    lines = [f"# {meta.code} {meta.name}", ""]
    lines.append(f"**Default severity:** {meta.severity.label}  ")
    if meta.guide:
        lines.append(f"**Guide section:** {meta.guide}  ")
    lines.append(f"**Summary:** {meta.summary}" + ("  " if meta.production_only else ""))
    if meta.production_only:
        lines.append(
            "**Environments:** production only (off where an environment is marked `development`)"
        )
    lines.append("")
    if meta.doc:
        lines.append(meta.doc.rstrip())
        lines.append("")
    fields = dataclasses.fields(meta.options)
    lines.append("## Options")
    lines.append("")
    if fields:
        lines.append(f"Set in `[tool.tel3sis-lint.rules.{meta.code}]`:")
        lines.append("")
        for f in fields:
            if f.default is not dataclasses.MISSING:
                default: object = f.default
            elif f.default_factory is not dataclasses.MISSING:
                default = f.default_factory()
            else:
                default = "required"
            lines.append(f"- `{f.name.replace('_', '-')}` (default `{_toml(default)}`)")
    else:
        lines.append("None.")
    lines.append("")
    lines.append("## Suppression")
    lines.append("")
    lines.append(
        f"Put `# tel3sis-lint: ignore[{meta.code}] <reason>` on the reported line or the line "
        f"above it (in pgbouncer.ini, which has no end-of-line comments, on the line above, "
        f"starting with `;`), `# tel3sis-lint: ignore-file[{meta.code}]` anywhere in the file, "
        f"or disable the rule with `--ignore {meta.code}` or "
        f'`ignore = ["{meta.code}"]` in the settings.'
    )
    lines.append("")
    return "\n".join(lines)


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def render_index(rules: list[Rule]) -> str:
    """``rules/README.md``: every rule with its severity, summary and page."""
    lines = [
        "# Rule catalogue",
        "",
        "Generated from the rule registry (`TEL3SIS_LINT_UPDATE_CATALOGUE=1 python -m pytest",
        "tests/test_catalogue.py` rewrites it; a test fails when it drifts). Each folder holds",
        "the rule's page, a failing and a passing miniature deployment, and the exact output",
        "for the failing one. `tel3sis-lint explain CODE` prints the same page.",
        "",
        "| code | name | severity | production only | summary |",
        "|---|---|---|---|---|",
    ]
    for r in rules:
        m = r.meta
        folder = folder_name(r)
        prod = "yes" if m.production_only else ""
        summary = m.summary.replace("|", "\\|")
        lines.append(
            f"| [{m.code}]({folder}/README.md) | {m.name} | {m.severity.label} | {prod} | {summary} |"
        )
    lines.append("")
    return "\n".join(lines)
