"""Office files (XLSX, PPTX) written the same, byte for byte, for the same input.

Office files are ZIP packages: the libraries that write them stamp each entry with the time of writing and the
document's properties with the time it was saved (a slide's chart carries a workbook of its own, stamped too).
All are set to one fixed time here, so that the same organisation gives the same file, as every other output
does.
"""

from __future__ import annotations

import io
import re
import zipfile

#: The time every entry and the document's created and modified dates are given.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_STAMP = "1980-01-01T00:00:00Z"
_STAMPS = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def fixed_package(data: bytes) -> bytes:
    """The package with every entry stamped :data:`FIXED_TIME` and its created and modified dates fixed.

    >>> first = io.BytesIO()
    >>> with zipfile.ZipFile(first, "w") as package:
    ...     package.writestr("docProps/core.xml", "<dcterms:modified x='1'>2026-11-30T10:00:00Z</dcterms:modified>")
    >>> fixed = zipfile.ZipFile(io.BytesIO(fixed_package(first.getvalue())))
    >>> fixed.infolist()[0].date_time, fixed.read("docProps/core.xml")
    ((1980, 1, 1, 0, 0, 0), b"<dcterms:modified x='1'>1980-01-01T00:00:00Z</dcterms:modified>")
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "docProps/core.xml":
                content = _STAMPS.sub(rb"\g<1>" + FIXED_STAMP.encode() + rb"\g<2>", content)
            elif entry.filename.endswith(".xlsx"):  # a chart's data, a workbook of its own
                content = fixed_package(content)
            target.writestr(zipfile.ZipInfo(entry.filename, FIXED_TIME), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()
