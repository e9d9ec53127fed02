"""Evidence: the result files load, soak and test tools write (k6, Locust, Artillery, JMeter,
JUnit, any JSON), read by small standard-library adapters and compared with the thresholds
the documents declare.

:class:`EvidenceBook` holds one run's evidence; the rules report what is wrong with it, the
gates see each item's comparison as ``evidence``, ``handbook evidence`` prints it and the
site shows it. Units and metrics are data (``metrics.yml``).
"""

from __future__ import annotations

from handbook.evidence.book import (
    FAIL,
    NO_DATA,
    NONE,
    PASS,
    Check,
    EvidenceBook,
    EvidenceFile,
    ExperimentEvidence,
    SloEvidence,
)
from handbook.evidence.formats import READERS
from handbook.evidence.reading import EvidenceError, Measure, Point, Reading

__all__ = [
    "FAIL",
    "NONE",
    "NO_DATA",
    "PASS",
    "READERS",
    "Check",
    "EvidenceBook",
    "EvidenceError",
    "EvidenceFile",
    "ExperimentEvidence",
    "Measure",
    "Point",
    "Reading",
    "SloEvidence",
]
