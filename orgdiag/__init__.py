"""orgdiag: rule-based diagnosis of organisations.

>>> import orgdiag
>>> result = orgdiag.diagnose(orgdiag.load_org("fixtures/demo/nordvik-sport.yaml"))
>>> result.findings[0].slug
'no-marcom-owner'
"""

from orgdiag.coverage import Coverage
from orgdiag.diagnosis import Diagnosis, diagnose
from orgdiag.findings import Finding, FindingsDocument, NotAssessed, Suggestion
from orgdiag.importers import Imported, ImportReport, import_org
from orgdiag.model import OrgFile
from orgdiag.orgfile import dump_org, load_org, parse_org
from orgdiag.problems import InputError, Problem
from orgdiag.restructure.diff import Difference, diff_orgs
from orgdiag.restructure.plan import apply, compare, plan, restructure
from orgdiag.restructure.results import Comparison, Restructuring
from orgdiag.rules.catalogue import Catalogue, load_catalogue
from orgdiag.rules.profiles import ThresholdProfile, load_profile

__all__ = [
    "Catalogue",
    "Comparison",
    "Coverage",
    "Diagnosis",
    "Difference",
    "Finding",
    "FindingsDocument",
    "ImportReport",
    "Imported",
    "InputError",
    "NotAssessed",
    "OrgFile",
    "Problem",
    "Restructuring",
    "Suggestion",
    "ThresholdProfile",
    "apply",
    "compare",
    "diagnose",
    "diff_orgs",
    "dump_org",
    "import_org",
    "load_catalogue",
    "load_org",
    "load_profile",
    "parse_org",
    "plan",
    "restructure",
]
