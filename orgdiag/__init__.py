"""orgdiag: rule-based diagnosis of organisations.

The documented API is what this module exports (``__all__``); docs/library.md shows it at work.

>>> import orgdiag
>>> result = orgdiag.diagnose(orgdiag.load("fixtures/demo/nordvik-sport.yaml"))
>>> result.findings[0].slug
'no-marcom-owner'
"""

from orgdiag.baseline import Baseline, baseline_data, load_baseline
from orgdiag.coverage import Coverage
from orgdiag.diagnosis import Diagnosis, diagnose
from orgdiag.findings import (
    ACTIONS,
    SCHEMA_VERSION,
    SEVERITIES,
    ActionSpec,
    Baselined,
    CoverageJson,
    Finding,
    FindingsDocument,
    FindingsJson,
    NotAssessed,
    OperatingModel,
    RuleNote,
    Severity,
    Suggestion,
    UnusedAccept,
    severity_rank,
)
from orgdiag.importers import Imported, ImportReport, Overlaid, ReadOptions, SourceRow, import_org, overlay_org
from orgdiag.importers.records import Source
from orgdiag.importers.report import Note, NotUsed
from orgdiag.model import (
    Accept,
    Agency,
    Approval,
    Budget,
    Channel,
    Experiment,
    Inference,
    Kpi,
    Link,
    Organisation,
    OrgFile,
    Pay,
    Position,
    Profile,
    Staff,
    Unit,
    UnplacedStaff,
)
from orgdiag.model.bulk import HostSettings, host
from orgdiag.orgfile import checked, dump_org, dump_org_json, load, load_dict, load_org, parse_org
from orgdiag.over_time import (
    FindingSpan,
    History,
    Snapshot,
    SnapshotDate,
    SnapshotSummary,
    Step,
    history,
    load_snapshots,
)
from orgdiag.problems import (
    ArgumentError,
    EngineError,
    EngineUnavailable,
    InputError,
    LayoutError,
    OrgdiagError,
    Problem,
    RenderError,
    RuleError,
)
from orgdiag.render.evidence import evidence_workbook
from orgdiag.render.history import write_history
from orgdiag.render.outputs import diagram_bytes, write_outputs
from orgdiag.render.sarif import STDIN_URI, SourceLine, sarif_log
from orgdiag.restructuring.diff import Difference, diff_orgs
from orgdiag.restructuring.draft import Edit
from orgdiag.restructuring.plan import Proposal, apply, compare, plan, restructure, toward
from orgdiag.restructuring.results import Applied, Change, Comparison, Evidence, NotApplied, Restructuring
from orgdiag.rules.catalogue import Catalogue, Rule, builtin_catalogue, load_catalogue
from orgdiag.rules.profiles import AppliesWhen, Threshold, ThresholdProfile, load_profile
from orgdiag.rules.spec import FoldSpec, ParamSpec, RuleSpec, SuggestionSpec

#: The version of orgdiag (the package's, as pyproject.toml reads it from here).
__version__ = "0.2.0"

from orgdiag.structure import Layer, Structure, UnitCount, UnitStructure

__all__ = [
    "ACTIONS",
    "SCHEMA_VERSION",
    "SEVERITIES",
    "STDIN_URI",
    "Accept",
    "ActionSpec",
    "Agency",
    "Applied",
    "AppliesWhen",
    "Approval",
    "ArgumentError",
    "Baseline",
    "Baselined",
    "Budget",
    "Catalogue",
    "Change",
    "Channel",
    "Comparison",
    "Coverage",
    "CoverageJson",
    "Diagnosis",
    "Difference",
    "Edit",
    "EngineError",
    "EngineUnavailable",
    "Evidence",
    "Experiment",
    "Finding",
    "FindingSpan",
    "FindingsDocument",
    "FindingsJson",
    "FoldSpec",
    "History",
    "HostSettings",
    "ImportReport",
    "Imported",
    "Inference",
    "InputError",
    "Kpi",
    "LayoutError",
    "Link",
    "NotApplied",
    "NotAssessed",
    "NotUsed",
    "Note",
    "OperatingModel",
    "OrgFile",
    "Organisation",
    "OrgdiagError",
    "Overlaid",
    "ParamSpec",
    "Pay",
    "Position",
    "Problem",
    "Profile",
    "Proposal",
    "ReadOptions",
    "RenderError",
    "Restructuring",
    "Rule",
    "RuleError",
    "RuleNote",
    "RuleSpec",
    "Severity",
    "Snapshot",
    "SnapshotDate",
    "SnapshotSummary",
    "Source",
    "SourceLine",
    "SourceRow",
    "Staff",
    "Step",
    "Suggestion",
    "SuggestionSpec",
    "Threshold",
    "ThresholdProfile",
    "Unit",
    "Layer",
    "Structure",
    "UnitCount",
    "UnitStructure",
    "UnplacedStaff",
    "UnusedAccept",
    "__version__",
    "apply",
    "baseline_data",
    "builtin_catalogue",
    "checked",
    "compare",
    "diagnose",
    "diagram_bytes",
    "diff_orgs",
    "dump_org",
    "dump_org_json",
    "evidence_workbook",
    "history",
    "host",
    "import_org",
    "load",
    "load_baseline",
    "load_catalogue",
    "load_dict",
    "load_org",
    "load_profile",
    "load_snapshots",
    "overlay_org",
    "parse_org",
    "plan",
    "restructure",
    "sarif_log",
    "severity_rank",
    "toward",
    "write_history",
    "write_outputs",
]
