"""Writing the files orgdiag makes, safely: each is written whole under a temporary name in its folder, then
renamed over the name asked for. A link planted under that name is replaced, never followed (its target is
left as it was), and a reader never sees half a file.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "target.txt").write_text("keep")
4
>>> (folder / "report.md").symlink_to(folder / "target.txt")
>>> write_file(folder / "report.md", b"new")
>>> (folder / "target.txt").read_text(), (folder / "report.md").is_symlink(), (folder / "report.md").read_text()
('keep', False, 'new')
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_file(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` whole: into a new temporary file beside it, renamed over it. An :class:`OSError`
    (a folder that cannot be written) is left to the caller, with no temporary file left behind."""
    path = Path(path)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """:func:`write_file` for UTF-8 text."""
    write_file(path, text.encode("utf-8"))
