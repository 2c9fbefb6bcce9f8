"""SARIF 2.1.0 (GitHub code scanning and other SARIF viewers): one run, every rule, every result.

Locations are relative URIs under ``%SRCROOT%`` (the folder the linter ran in), so the
log does not depend on the machine; ``partialFingerprints`` carry the diagnostic's
fingerprint so that a viewer tracks a finding across edits elsewhere in the file. Rule
help links point at the built-in catalogue, so only ``TL`` rules get a ``helpUri``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from .. import __version__
from ..masking import mask_text
from ._common import doc_section, sarif_level, source_line

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic, Location
    from ..engine import LintResult
    from ..rule import RuleMeta

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/tel3sis/tel3sis-lint"
RULE_DOC_URI = INFORMATION_URI + "/blob/main/rules/{code}-{name}/README.md"
FINGERPRINT_KEY = "tel3sisFingerprint/v1"
SRCROOT = "%SRCROOT%"


def _page(meta: RuleMeta) -> str:
    from ..catalogue import render_page
    from ..rule import Rule

    return render_page(Rule(meta, check=lambda ctx: ()))


def rule_descriptor(meta: RuleMeta) -> dict[str, Any]:
    what = doc_section(meta.doc, "What it does")
    page = _page(meta)
    descriptor: dict[str, Any] = {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": (
            {"text": " ".join(what.split()), "markdown": what} if what else {"text": meta.summary}
        ),
        "help": {"text": page, "markdown": page},
        "defaultConfiguration": {"level": sarif_level(meta.severity.label)},
    }
    if meta.code.startswith("TL"):
        descriptor["helpUri"] = RULE_DOC_URI.format(code=meta.code, name=meta.name)
    if meta.guide:
        descriptor["properties"] = {"guideSection": meta.guide}
    return descriptor


def physical_location(result: LintResult, loc: Location) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": loc.line, "startColumn": loc.column}
    if loc.end_line is not None:
        region["endLine"] = loc.end_line
    if loc.end_column is not None:
        region["endColumn"] = loc.end_column
    text = source_line(result, loc)
    if text is not None:
        region["snippet"] = {"text": text}
    return {
        "artifactLocation": {"uri": quote(loc.path, safe="/"), "uriBaseId": SRCROOT},
        "region": region,
    }


def result_object(result: LintResult, d: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {"ruleId": d.code}
    if d.code in index:
        out["ruleIndex"] = index[d.code]
    out["level"] = sarif_level(d.severity.label)
    out["message"] = {"text": mask_text(d.message)}
    out["locations"] = [{"physicalLocation": physical_location(result, d.location)}]
    if d.related:
        out["relatedLocations"] = [
            {
                "id": i,
                "physicalLocation": physical_location(result, loc),
                "message": {"text": f"also involved in this {d.code} finding"},
            }
            for i, loc in enumerate(d.related, start=1)
        ]
    out["partialFingerprints"] = {FINGERPRINT_KEY: d.fingerprint}
    return out


def sarif_log(result: LintResult) -> dict[str, Any]:
    index = {meta.code: i for i, meta in enumerate(result.rules)}
    invocation: dict[str, Any] = {"executionSuccessful": not result.internal_errors}
    if result.internal_errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": mask_text(err)}}
            for err in result.internal_errors
        ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "tel3sis-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [rule_descriptor(meta) for meta in result.rules],
            }
        },
        "invocations": [invocation],
        "originalUriBaseIds": {
            SRCROOT: {"description": {"text": "The folder tel3sis-lint was run in."}}
        },
        "columnKind": "unicodeCodePoints",
        "results": [result_object(result, d, index) for d in result.diagnostics],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def report(result: LintResult, stream: TextIO) -> None:
    json.dump(sarif_log(result), stream, indent=2)
    stream.write("\n")
