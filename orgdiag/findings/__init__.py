"""What a diagnosis finds, as plain data: findings, the restructuring they suggest, the actions a suggestion
may name, and the findings document every renderer reads (the output boundary: nothing here runs rules).

Each idea has its module: :mod:`~orgdiag.findings.severity`, :mod:`~orgdiag.findings.finding` (findings and
suggestions), :mod:`~orgdiag.findings.left_out` (rules not assessed, findings a baseline holds),
:mod:`~orgdiag.findings.operating_model`, :mod:`~orgdiag.findings.document` (the findings document),
:mod:`~orgdiag.findings.schema` (its JSON form) and :mod:`~orgdiag.findings.actions` (the actions declared);
this package is where the rest of orgdiag and its users import them from.
"""

from orgdiag.findings.actions import ACTIONS, ActionSpec
from orgdiag.findings.document import FindingsDocument, RuleNote
from orgdiag.findings.finding import Finding, Suggestion, UnusedAccept
from orgdiag.findings.left_out import Baselined, NotAssessed
from orgdiag.findings.operating_model import OperatingModel
from orgdiag.findings.schema import SCHEMA_VERSION, CoverageJson, FindingsJson
from orgdiag.findings.severity import SEVERITIES, Severity, severity_rank

__all__ = [
    "ACTIONS",
    "SCHEMA_VERSION",
    "SEVERITIES",
    "ActionSpec",
    "Baselined",
    "CoverageJson",
    "Finding",
    "FindingsDocument",
    "FindingsJson",
    "NotAssessed",
    "OperatingModel",
    "RuleNote",
    "Severity",
    "Suggestion",
    "UnusedAccept",
    "severity_rank",
]
