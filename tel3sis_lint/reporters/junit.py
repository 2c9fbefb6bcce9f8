"""JUnit XML for CI test-report views: a test suite per file, a failed test case per diagnostic.

A clean run is one passing test case, so the CI view shows that the linter ran. Internal
errors are test cases with an ``error`` element in a suite of their own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby
from typing import TYPE_CHECKING, TextIO

from ..masking import mask_text
from ._common import fix_hint, rules_by_code

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..engine import LintResult

# characters XML 1.0 cannot carry at all, even escaped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _suite(parent: ET.Element, name: str, tests: int, failures: int, errors: int) -> ET.Element:
    return ET.SubElement(
        parent,
        "testsuite",
        name=_clean(name),
        tests=str(tests),
        failures=str(failures),
        errors=str(errors),
        skipped="0",
    )


def _failure_text(result: LintResult, d: Diagnostic) -> str:
    lines = [f"{d.location}: {d.code} [{d.name}] {mask_text(d.message)}"]
    hint = fix_hint(rules_by_code(result).get(d.code))
    if hint:
        lines.append(f"  = help: {hint}")
    lines += [f"  = related: {loc}" for loc in d.related]
    return _clean("\n".join(lines))


def document(result: LintResult) -> ET.Element:
    diags = result.diagnostics
    errors = len(result.internal_errors)
    root = ET.Element(
        "testsuites",
        name="tel3sis-lint",
        tests=str(max(len(diags), 1) + errors),
        failures=str(len(diags)),
        errors=str(errors),
    )
    if not diags:
        suite = _suite(root, "tel3sis-lint", 1, 0, 0)
        files = result.files_checked
        ET.SubElement(
            suite,
            "testcase",
            name=f"no problems found in {files} file{'s' if files != 1 else ''}",
            classname="tel3sis-lint",
        )
    for path, group in groupby(diags, key=lambda d: d.location.path):
        found = list(group)
        suite = _suite(root, path, len(found), len(found), 0)
        for d in found:
            loc = d.location
            case = ET.SubElement(
                suite,
                "testcase",
                name=_clean(f"{d.code} {d.name} at {loc}"),
                classname=_clean(path),
            )
            failure = ET.SubElement(
                case, "failure", type=d.severity.label, message=_clean(mask_text(d.message))
            )
            failure.text = _failure_text(result, d)
    if errors:
        suite = _suite(root, "tel3sis-lint internal errors", errors, 0, errors)
        for i, err in enumerate(result.internal_errors, start=1):
            case = ET.SubElement(
                suite, "testcase", name=f"internal error {i}", classname="tel3sis-lint"
            )
            ET.SubElement(case, "error", type="internal-error", message=_clean(mask_text(err)))
    return root


def report(result: LintResult, stream: TextIO) -> None:
    root = document(result)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
