"""Writing the files of an import the way a text editor saves them.

An import writes several files that belong together: papers.yaml (new, or the user's file with
records appended) and notes tied to the new records. `FileSet` writes them all or none:

- Every file is first written in full to a hidden temporary file beside it and flushed to disk,
  so a full disk or a permission error shows before any file changes. Then the files are put
  in place in the order they were added (papers.yaml first, so an interruption can leave
  records without their notes, never notes tied to records that do not exist). When putting
  one in place fails, the ones already in place are taken back.
- An existing file keeps its mode, owner, group and extended attributes. A symlink is followed
  and its target updated. Like vim's `backupcopy=auto`, the file is replaced by a rename only
  when that keeps everything: a file with several hard links, or whose owner or group this
  user cannot give to a new file, or in a folder this user cannot write, is rewritten in place
  instead (its new size reserved first, and the old bytes written back on a failure).
- A read-only file is refused before anything is written.
- New files get the usual permissions of a new file (0666 minus the umask).
- Temporary files are named `.<name>.<process id>.papernotes.tmp`. They are removed on any
  failure; one left by a process that no longer runs (a killed import) is removed the next
  time a file is written in its folder, and one with this process's id is written over.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

TEMP_SUFFIX = ".papernotes.tmp"

_NO_RESERVE = {errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP)}


# Import, add, read, status and export all write through FileSet: the words fit each of them.
_CHANGED = "changed since it was read: nothing was written; run the command again"
_APPEARED = "appeared since the command started: nothing was written; run the command again"


class WriteRefused(Exception):
    """A file cannot be written as asked (read-only, changed or appeared meanwhile); nothing was written."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path} {reason}")
        self.path = path
        self.reason = reason  # follows the file's name: "is read-only (mode 0444): ..."


def temp_path_for(path: Path) -> Path:
    """The temporary file written beside `path` before it is put in place."""
    return path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")


def is_read_only(path: Path, status: os.stat_result) -> bool:
    """No write permission in the mode bits, or none for this user.

    Checked on the mode bits too: root may write a 0444 file, but the user made it read-only.
    """
    return (status.st_mode & 0o222) == 0 or not os.access(path, os.W_OK)


def _pid_running(pid: int) -> bool:
    if pid == os.getpid():
        return True  # this run's own (write_temp replaces one left by an earlier process of this id)
    if os.name == "nt":  # os.kill(pid, 0) would stop the process on Windows: keep the file
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove the temporary files that imports no longer running left in `folder`."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
            continue
        pid = name[: -len(TEMP_SUFFIX)].rsplit(".", 1)[-1]
        if pid.isdigit() and not _pid_running(int(pid)):
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte (os.write may write fewer)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


_OPEN_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _copy_metadata(fd: int, source: Path, like: os.stat_result) -> None:
    """Give the file open as `fd` the owner, group, mode and extended attributes of `source`."""
    if hasattr(os, "fchown"):
        mine = os.fstat(fd)
        if (mine.st_uid, mine.st_gid) != (like.st_uid, like.st_gid):
            os.fchown(fd, like.st_uid, like.st_gid)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(like.st_mode))  # after chown, which clears setuid bits
    if hasattr(os, "listxattr"):
        try:
            names = os.listxattr(source)
        except OSError:
            return
        for name in names:
            # OSError: e.g. a security label this user may not set: the file still works
            with contextlib.suppress(OSError):
                os.setxattr(fd, name, os.getxattr(source, name))


def write_temp(path: Path, data: bytes, like: os.stat_result | None = None, source: Path | None = None) -> Path:
    """Write `data` to the temporary file of `path`, flushed to disk; returns its path.

    Without `like` the file gets the permissions of any new file (0666 minus the umask).
    """
    temp = temp_path_for(path)
    try:
        fd = os.open(temp, _OPEN_NEW, 0o666)
    except FileExistsError:  # left by an earlier run with this process id
        os.unlink(temp)
        fd = os.open(temp, _OPEN_NEW, 0o666)
    try:
        _write_all(fd, data)
        if like is not None and source is not None:
            _copy_metadata(fd, source, like)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        _remove(temp)
        raise
    os.close(fd)
    return temp


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _reserve(fd: int, size: int) -> None:
    """Make the file `size` bytes long on disk before writing, so a full disk fails here."""
    if not hasattr(os, "posix_fallocate"):
        return
    try:
        os.posix_fallocate(fd, 0, size)
    except OSError as exc:
        if exc.errno not in _NO_RESERVE:  # the file system cannot reserve: write without
            raise


def write_in_place(path: Path, data: bytes, expected_old: bytes) -> None:
    """Rewrite `path` through its own inode (its hard links all see it), only if it holds `expected_old`.

    Only the bytes after the common prefix are written. On a failure the old bytes are put back.
    """
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        current = _read_all(fd)
        if current != expected_old:
            raise WriteRefused(path, _CHANGED)
        start = _common_prefix(current, data)
        try:
            if len(data) > len(current):
                _reserve(fd, len(data))
            os.lseek(fd, start, os.SEEK_SET)
            _write_all(fd, data[start:])
            os.ftruncate(fd, len(data))
            os.fsync(fd)
        except BaseException:
            os.lseek(fd, start, os.SEEK_SET)
            _write_all(fd, current[start:])
            os.ftruncate(fd, len(current))
            os.fsync(fd)
            raise
    finally:
        os.close(fd)


def _common_prefix(a: bytes, b: bytes) -> int:
    """Length of the common prefix of two byte strings."""
    low, high = 0, min(len(a), len(b))
    while low < high:  # binary search on prefix equality: log n slices of C-speed comparisons
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def put_new(temp: Path, path: Path) -> None:
    """Put `temp` in place as `path`, which must not exist: never overwrite."""
    try:
        os.link(temp, path)  # fails if the file exists, even if it appeared a moment ago
    except FileExistsError:
        raise WriteRefused(path, _APPEARED) from None
    except OSError:  # no hard links on this file system: check, then rename
        if os.path.lexists(path):
            raise WriteRefused(path, _APPEARED) from None
        os.replace(temp, path)
        return
    _remove(temp)


def replace(temp: Path, path: Path, expected_old: bytes) -> None:
    """Rename `temp` over `path`, only if `path` still holds `expected_old`."""
    with open(path, "rb") as current:
        if current.read() != expected_old:
            raise WriteRefused(path, _CHANGED)
    os.replace(temp, path)


def in_place_reason(path: Path, status: os.stat_result) -> str | None:
    """Why `path` must be rewritten in place rather than replaced by a rename, or None."""
    if status.st_nlink > 1:
        return "it has several hard links"
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        if status.st_uid != os.geteuid():
            return "it belongs to another user"
        if status.st_gid != os.getegid() and status.st_gid not in os.getgroups():
            return "its group is not one of this user's"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "its folder is not writable"
    return None


@dataclass
class _File:
    path: Path  # where the bytes end up (a symlink's target)
    data: bytes
    old: bytes | None  # None: a new file
    status: os.stat_result | None = None
    in_place: bool = False
    temp: Path | None = None
    done: bool = False


@dataclass
class FileSet:
    """Files written together: all of them, or none of them."""

    files: list[_File] = field(default_factory=list)
    created_folders: list[Path] = field(default_factory=list)
    swept: set[Path] = field(default_factory=set)

    def add_new(self, path: Path, text: str) -> None:
        """A file that must not exist (a symlink counts as existing: it is never followed)."""
        self.files.append(_File(Path(os.path.abspath(path)), text.encode("utf-8"), None))

    def add_new_bytes(self, path: Path, data: bytes) -> None:
        """A new file of any bytes (an image a note shows), which must not exist either."""
        self.files.append(_File(Path(os.path.abspath(path)), data, None))

    def add_update(self, path: Path, text: str, expected_old: bytes) -> None:
        """An existing file (a symlink is followed) that must still hold `expected_old`."""
        self.files.append(_File(Path(os.path.realpath(path)), text.encode("utf-8"), expected_old))

    def write(self) -> list[Path]:
        """Write every file or none; WriteRefused or OSError when nothing was written."""
        self._check()
        try:
            for file in self.files:
                self._stage(file)
            for file in self.files:
                self._put(file)
        except BaseException as exc:
            left = self._undo()
            if left:
                raise OSError(
                    getattr(exc, "errno", None) or errno.EIO,
                    f"{exc}; these files could not be put back: " + ", ".join(str(p) for p in left),
                ) from exc
            raise
        return [file.path for file in self.files]

    def _check(self) -> None:
        for file in self.files:
            if file.old is None:
                if os.path.lexists(file.path):
                    raise WriteRefused(file.path, "exists already: nothing was written")
                continue
            status = os.stat(file.path)
            if not stat.S_ISREG(status.st_mode):
                raise WriteRefused(file.path, "is not a regular file: nothing was written")
            if is_read_only(file.path, status):
                raise WriteRefused(
                    file.path,
                    f"is read-only (mode {stat.S_IMODE(status.st_mode):04o}): nothing was written; "
                    "make it writable (chmod u+w) and run again",
                )
            file.status = status
            file.in_place = in_place_reason(file.path, status) is not None

    def _make_folder(self, folder: Path) -> None:
        missing = []
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for path in reversed(missing):
            path.mkdir()  # 0777 minus the umask, as for any new folder
            self.created_folders.append(path)

    def _stage(self, file: _File) -> None:
        if file.in_place:
            return  # nothing to stage: the size is reserved when it is written
        self._make_folder(file.path.parent)
        if file.path.parent not in self.swept:
            self.swept.add(file.path.parent)
            remove_stale_temps(file.path.parent)
        file.temp = write_temp(file.path, file.data, file.status, file.path if file.status else None)

    def _put(self, file: _File) -> None:
        if file.old is None:
            assert file.temp is not None
            put_new(file.temp, file.path)
        elif file.in_place:
            write_in_place(file.path, file.data, file.old)
        else:
            assert file.temp is not None
            replace(file.temp, file.path, file.old)
        file.temp = None
        file.done = True

    def _undo(self) -> list[Path]:
        """Take back the files put in place, remove temporary files and new folders; what could not be undone."""
        left: list[Path] = []
        for file in reversed(self.files):
            if file.temp is not None:
                _remove(file.temp)
                file.temp = None
            if not file.done:
                continue
            try:
                if file.old is None:
                    _remove(file.path)
                elif file.in_place:
                    write_in_place(file.path, file.old, file.data)
                else:
                    assert file.status is not None
                    os.replace(write_temp(file.path, file.old, file.status, file.path), file.path)
                file.done = False
            except (OSError, WriteRefused):
                left.append(file.path)
        for folder in reversed(self.created_folders):
            with contextlib.suppress(OSError):
                folder.rmdir()
        return left


def write_file(path: Path, text: str) -> None:
    """Write one file as an import writes its files: a new file with the permissions of a new
    file, or an existing one replaced keeping its mode and owner; a symlink is followed and its
    target written. WriteRefused or OSError when it was not written."""
    real = Path(os.path.realpath(path))
    files = FileSet()
    try:
        status = os.stat(real)
    except FileNotFoundError:  # a new file, or a symlink to a file not there yet
        files.add_new(real, text)
    else:
        if not stat.S_ISREG(status.st_mode):  # reading a FIFO would wait for a writer forever
            raise WriteRefused(real, "is not a regular file: nothing was written; name a file")
        files.add_update(real, text, real.read_bytes())
    files.write()
