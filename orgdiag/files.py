"""Writing the files orgdiag makes, safely: each is written whole under a temporary name in its folder, then
renamed over the name asked for. A link planted under that name is replaced, never followed (its target is
left as it was), and a reader never sees half a file. What is no file (a device such as /dev/null, a named pipe,
or a link to one, such as /dev/stdout) is written into as a stream, never replaced. A new file gets the mode the
umask allows, as the shell's ``>`` gives it; a file written over keeps its mode (a 0600 file stays private).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "target.txt").write_text("keep")
4
>>> (folder / "report.md").symlink_to(folder / "target.txt")
>>> write_file(folder / "report.md", b"new")
>>> (folder / "target.txt").read_text(), (folder / "report.md").is_symlink(), (folder / "report.md").read_text()
('keep', False, 'new')
>>> write_file("/dev/null", b"into the device, which stays one")
>>> pathlib.Path("/dev/null").is_char_device()
True
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path


def write_file(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` whole: into a new temporary file beside it, renamed over it; into a device or a pipe
    (or a link to one) as a stream. An :class:`OSError` (a folder that cannot be written, a full disk) is left to
    the caller, with no temporary file left behind."""
    path = Path(path)
    if is_stream(path):
        with open(path, "wb") as stream:  # the device itself, not a file beside it
            stream.write(data)
        return
    kept = _regular_mode(path)
    descriptor, temporary = _new_beside(path)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        if kept is not None:
            os.chmod(temporary, kept)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """:func:`write_file` for UTF-8 text."""
    write_file(path, text.encode("utf-8"))


def is_stream(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is (or links to) something written as a stream rather than replaced: a character or block
    device, a named pipe, a socket.

    >>> is_stream("/dev/null"), is_stream("/etc/hostname"), is_stream("/no/such/file")
    (True, False, False)
    """
    try:
        kind = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(kind) or stat.S_ISBLK(kind) or stat.S_ISFIFO(kind) or stat.S_ISSOCK(kind)


def make_folder(folder: str | os.PathLike[str], inside: str | os.PathLike[str] | None = None) -> Path:
    """`folder` made if need be (with its parents), and returned. Within `inside` (an output folder) no link is
    followed: a link planted there under a folder's name is replaced by the folder, its target left as it was.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> elsewhere = pathlib.Path(tempfile.mkdtemp())
    >>> (out / "pages").symlink_to(elsewhere)
    >>> pages = make_folder(out / "pages", inside=out)
    >>> pages.is_symlink(), pages.is_dir()
    (False, True)
    """
    folder = Path(folder)
    if inside is None:
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    root = Path(inside)
    root.mkdir(parents=True, exist_ok=True)
    current = root
    for part in folder.relative_to(root).parts:
        current = current / part
        if current.is_symlink():
            current.unlink()
        current.mkdir(exist_ok=True)
    return folder


def _new_beside(path: Path) -> tuple[int, str]:
    """A new temporary file beside `path`, open for writing, with the mode the umask allows of read and write for
    everyone (as a shell's ``>`` creates a file): the system applies the umask, which is never changed here (a
    process-wide setting other threads may be creating files under)."""
    while True:
        temporary = str(path.parent / f".{path.name}.{secrets.token_hex(6)}.part")
        try:
            return os.open(
                temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666
            ), temporary
        except FileExistsError:
            continue


def _regular_mode(path: Path) -> int | None:
    """The mode of the regular file at `path`, which a file written over it keeps; None where there is none."""
    try:
        found = os.lstat(path)
    except OSError:
        return None
    return stat.S_IMODE(found.st_mode) if stat.S_ISREG(found.st_mode) else None
