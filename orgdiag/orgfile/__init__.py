"""The org file: read it (parse, line numbers, validation, reference checks) and write it.

:func:`load` (a path or a mapping), :func:`load_org` and :func:`parse_org` return a validated
:class:`~orgdiag.model.OrgFile` or raise :class:`~orgdiag.problems.InputError` with every problem found;
:func:`dump_org` writes one back.
"""

from orgdiag.orgfile.read import checked, is_org_file, load, load_dict, load_org, parse_org, utf8_text
from orgdiag.orgfile.write import dump_org, dump_org_json

__all__ = [
    "checked",
    "dump_org",
    "dump_org_json",
    "is_org_file",
    "load",
    "load_dict",
    "load_org",
    "parse_org",
    "utf8_text",
]
