"""An outside rule pack, shaped exactly like a built-in module: one hook, one rule."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tel3sis_lint import Finding, RuleContext, Severity, hookimpl, rule


@dataclass(frozen=True)
class Options:
    banned_tag: str = "latest"


@rule("XT101", "image-tag-banned", Severity.WARNING, "An image uses a banned tag", options=Options)
def image_tag_banned(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a service image whose tag is the banned one.
    """
    for svc in ctx.deployment.services:
        if svc.image.endswith(":" + ctx.options.banned_tag) and svc.image_loc is not None:
            yield Finding(
                svc.image_loc, f"image {svc.image!r} uses the banned tag {ctx.options.banned_tag!r}"
            )


@hookimpl
def tel3sis_lint_rules() -> list[object]:
    return [image_tag_banned]
