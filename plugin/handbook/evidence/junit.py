"""JUnit XML, as pytest (``--junitxml``), Maven Surefire, Gradle and most CI tools write it:
a ``<testsuites>`` or a single ``<testsuite>`` with ``tests``, ``failures``, ``errors``,
``skipped`` and ``time`` (seconds) attributes, and ``<testcase>`` elements.

Parsed with the standard library's expat in a way that cannot be abused: a document type
declaration (and with it any entity, internal or external) is refused before anything is
expanded, and the file is read whole only up to a bounded size. The totals come from the
root's attributes when it has them, else from summing the suites, else from counting the
test cases and their ``<failure>``/``<error>``/``<skipped>`` children.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.parsers import expat

from handbook.evidence.reading import VALUE, EvidenceError, Measure, Reading, number
from handbook.evidence.source import read_text

FORMAT = "junit"

_COUNTS = ("tests", "failures", "errors", "skipped")


class _Refused(Exception):
    pass


def read(path: Path) -> Reading:
    text = read_text(path)
    if not text.strip():
        raise EvidenceError("the file is empty")
    root: list[tuple[str, dict[str, str], int]] = []
    suites: list[tuple[dict[str, str], int]] = []
    cases = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    depth = [0]
    parser = expat.ParserCreate()

    def refuse(*_: object) -> None:
        raise _Refused("a document type declaration (entities are not read)")

    def start(name: str, attributes: dict[str, str]) -> None:
        depth[0] += 1
        line = parser.CurrentLineNumber
        if depth[0] == 1:
            root.append((name, attributes, line))
        if name == "testsuite":
            suites.append((attributes, line))
        elif name == "testcase":
            cases["tests"] += 1
        elif name in ("failure", "error", "skipped"):
            cases[name + ("s" if name != "skipped" else "")] += 1

    def end(_: str) -> None:
        depth[0] -= 1

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(text, True)
    except _Refused as refused:
        raise EvidenceError(f"refused: {refused}") from None
    except expat.ExpatError as error:
        message = expat.errors.messages.get(error.code, str(error))
        where = f"line {error.lineno}, column {error.offset + 1}"
        if "no element found" in message or "unclosed token" in message:
            raise EvidenceError(f"truncated XML: {message} ({where})") from None
        raise EvidenceError(f"not well-formed XML: {message} ({where})") from None
    if not root or root[0][0] not in ("testsuites", "testsuite"):
        found = root[0][0] if root else "nothing"
        raise EvidenceError(f"not JUnit XML: the root element is <{found}>, not <testsuites>")
    name, attributes, line = root[0]
    measures = _totals(name, attributes, line, suites, cases)
    return Reading(FORMAT, tuple(measures), started=_started(attributes, suites))


def _totals(
    name: str,
    attributes: dict[str, str],
    line: int,
    suites: list[tuple[dict[str, str], int]],
    cases: dict[str, int],
) -> list[Measure]:
    totals: dict[str, tuple[float, str]] = {}
    for key in (*_COUNTS, "time"):
        if key in attributes:
            totals[key] = (
                number(attributes[key], f"line {line}, <{name} {key}>"),
                f"line {line}, <{name} {key}>",
            )
        elif len(suites) == 1 and key in suites[0][0]:
            attributes_of, at = suites[0]
            where = f"line {at}, <testsuite {key}>"
            totals[key] = (number(attributes_of[key], where), where)
        elif suites and all(key in s for s, _ in suites):
            value = sum(number(s[key], f"line {at}, <testsuite {key}>") for s, at in suites)
            totals[key] = (value, f"<testsuite {key}> summed over {len(suites)} suites")
        elif key in cases:
            totals[key] = (float(cases[key]), f"<{key}> of the <testcase> elements, counted")
    tests, where = totals["tests"]
    failures = totals["failures"][0] + totals["errors"][0]
    failed_where = f"{totals['failures'][1]} + {totals['errors'][1]}"
    measures = [
        Measure("tests", VALUE, tests, where),
        Measure("failures", VALUE, failures, failed_where),
    ]
    if tests > 0:
        measures.append(Measure("error-rate", VALUE, failures / tests * 100, failed_where))
    if "time" in totals:
        seconds, where = totals["time"]
        measures.append(Measure("test-time", VALUE, seconds * 1000, where))
    return measures


def _started(
    attributes: dict[str, str], suites: list[tuple[dict[str, str], int]]
) -> dt.date | None:
    stamps = [attributes.get("timestamp")] + [s.get("timestamp") for s, _ in suites]
    days = []
    for stamp in stamps:
        if stamp:
            try:
                days.append(dt.datetime.fromisoformat(stamp.strip()).date())
            except ValueError:
                continue
    return min(days) if days else None
