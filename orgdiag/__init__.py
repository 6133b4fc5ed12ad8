"""orgdiag: rule-based diagnosis of organisations.

>>> import orgdiag
>>> result = orgdiag.diagnose(orgdiag.load_org("fixtures/demo/nordvik-sport.yaml"))
>>> result.findings[0].slug
'no-marcom-owner'
"""

from orgdiag.catalogue import Catalogue, load_catalogue
from orgdiag.diagnosis import Diagnosis, diagnose
from orgdiag.findings import Finding, Suggestion
from orgdiag.model import OrgFile
from orgdiag.orgfile import load_org, parse_org
from orgdiag.problems import InputError, Problem
from orgdiag.profiles import ThresholdProfile, load_profile

__all__ = [
    "Catalogue",
    "Diagnosis",
    "Finding",
    "InputError",
    "OrgFile",
    "Problem",
    "Suggestion",
    "ThresholdProfile",
    "diagnose",
    "load_catalogue",
    "load_org",
    "load_profile",
    "parse_org",
]
