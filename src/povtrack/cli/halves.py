"""A large data file on two cores: each process decodes, checks and renders half the records.

Python runs one thread at a time, and a report of a million records spends seconds decoding,
checking, computing and writing. For a large file (`MIN_BYTES`) on a machine with two cores or
more, `povtrack report --format csv` splits that work once the file is read:

1. `plan`: decode everything but the records (msgspec.Raw keeps them undecoded), check the
   indicators and regions, and cut the records array at a `},` near its middle.
2. `render`: fork. Each process decodes its half as an array of records, checks it and groups
   it into series; the child renders its half into a part file; the parent, once it knows that
   the whole file is clean and that the report is the parent's rows followed by the child's,
   renders its half into the output and appends the part. The cut is moved to the next
   region: the child hands the records of its first region to the parent (see _lead).

Why the result is the single-process result, byte for byte:
- A cut inside a string or inside a nested object leaves a half that does not decode, so when
  both halves decode, the cut was between two records.
- Every record is checked by the same rules (rules.Checker) as on the loader's fast path, and
  the loader's proof that the typed decoder dropped or converted nothing (loader.strings_in)
  is made over the whole file: the strings it holds against the keys and texts decoded.
- Each half is grouped into series and checked series by series (duplicates, gaps) as in one
  process only if no series has records in both halves; and the rows can be written half after
  half only if every series of the parent comes before every series of the child in the
  report's order. Both follow from one comparison: the parent's last series in that order
  comes before the child's first (the order's key differs for different series).

Anything else (an error in the data, a series in both halves, halves out of order, a child
that fails before the parent has written) and `render` returns None with nothing written: the
command then takes the single-process path, which also locates errors with line and column.
Files listed region by region, in the order of their `regions` (as exports and the benchmark
are), take this path; a series may be split by the cut (see _lead).
"""

from __future__ import annotations

import contextlib
import errno
import gc
import io
import os
import re
import signal
import struct
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final, Literal, NoReturn, TextIO

import msgspec

from povtrack.core.report import SeriesOrder, series_order
from povtrack.io.feedback import NO_FEEDBACK, Feedback
from povtrack.io.loader import BOM, check_head, strings_in
from povtrack.io.rules import Checker
from povtrack.model.problems import Counts, Problem, ValidationReport, build_report
from povtrack.model.records import Dataset, Document, Record

#: The parent's share of the records, in percent: it also appends the child's part.
_PARENT_SHARE: Final = 49

#: Files smaller than this are done in one process (a fork and a second decode of the head
#: cost more than they save): 16 MB is about 125,000 records.
MIN_BYTES: Final = 16_000_000

#: A container's CPU quota and period (cgroup v2), or "max".
CPU_MAX: Final = Path("/sys/fs/cgroup/cpu.max")

#: Renders one half: (its dataset, the stream, whether it is the first half).
RenderHalf = Callable[[Dataset, TextIO, bool], None]


_HEAD: Final = msgspec.json.Decoder(Document)
_RECORDS: Final = msgspec.json.Decoder(list[Record])
_PATH_INDEX: Final = re.compile(r"^records\[(\d+)\]")
_RECORDS_KEY: Final = re.compile(rb'"records"[ \t\n\r]*:[ \t\n\r]*\[')
#: Between two records: the end of one object, a comma, the start of the next. Inside a record
#: a comma is followed by a key, never by `{`; so only a string can hold this elsewhere.
_BETWEEN: Final = re.compile(rb"\},[ \t\n\r]*\{")


def cores() -> int:
    """The cores this process may use: those it may run on, fewer if a container's CPU quota
    (cgroup v2 `cpu.max`) allows less than their time."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        count = os.cpu_count() or 1
    with contextlib.suppress(OSError, ValueError):
        quota, period = CPU_MAX.read_text().split()
        if quota != "max":
            count = min(count, max(1, int(quota) // int(period)))
    return count


def worth_splitting(size: int) -> bool:
    """Whether a file of `size` bytes is done in two processes on this machine."""
    return size >= MIN_BYTES and hasattr(os, "fork") and cores() >= 2


@dataclass(frozen=True, slots=True)
class Plan:
    """A file ready to be split: its head decoded and checked, its records cut in two."""

    file: str
    text: bytearray  # the whole file; the byte after the cut is changed in each process
    #: the indicators and regions (no records): for the command's filters and lookups
    frame: Dataset
    checker: Checker  # has checked the indicators and regions
    head_strings: int  # the strings of everything but the records (loader.strings_in)
    start: int  # text[start] is the `[` of the records array ...
    end: int  # ... and text[end] its `]`
    cut: int  # text[cut] is the `}` of the last record of the first half


def plan(file: str) -> Plan | None:
    """Read the file, decode and check its head, find the cut; None when the file cannot be
    split (it cannot be read, does not decode, its head has a problem, it has fewer than two
    records). Nothing is said: the one-process path says what is wrong.

    The records array is found without decoding it: it starts at the first `"records": [`
    (a key of a nested object would be an unknown field) and ends at the last `]` (where
    records is the last key, as it is in files written by povtrack and most others). The head
    decodes with `[]` in its place, and each half decodes on its own; if either guess were
    wrong, one of them would not decode."""
    try:
        with Path(file).open("rb") as stream:
            text = bytearray(os.fstat(stream.fileno()).st_size)
            view = memoryview(text)
            done = 0
            while done < len(text):
                read = stream.readinto(view[done:])
                if not read:
                    return None  # truncated while read
                done += read
            view.release()
    except OSError:
        return None
    key = _RECORDS_KEY.search(text)
    start = -1 if key is None else key.end() - 1
    end = text.rfind(b"]")
    if start < 0 or end <= start:
        return None
    base = len(BOM) if text.startswith(BOM) else 0
    try:
        head = _HEAD.decode(bytes(text[base:start]) + b"[]" + bytes(text[end + 1 :]))
    except (msgspec.MsgspecError, RecursionError, ValueError):
        return None
    checker = Checker(file)
    head_strings = check_head(checker, head)
    if checker.problems:
        return None
    # the parent also appends the child's part: the child gets a little more
    middle = start + (end - start) * _PARENT_SHARE // 100
    between = _BETWEEN.search(text, middle, end) or _BETWEEN.search(text, start, end)
    if between is None:
        return None
    frame = Dataset(
        path=file,
        indicators={ind.id: ind for ind in head.indicators},
        regions={reg.code: reg for reg in head.regions},
        records=[],
        series={},
    )
    return Plan(file, text, frame, checker, head_strings, start, end, between.start())


class _Message(msgspec.Struct, array_like=True):
    """From the child to the parent: `lead` once its half is decoded, `checked` once it is
    checked, `written` once its part is written; or `failed`, at any time."""

    stage: Literal["lead", "checked", "written", "failed"]
    lead: list[Record] = []  # the records of its first region (see _lead)
    clean: bool = False  # its half has no error
    #: the strings its records (the lead excepted) were decoded from, less the strings its part
    #: of the file holds (the lead's included): see loader.strings_in
    strings: int = 0
    records: int = 0  # in its half, the lead included
    first: SeriesOrder | None = None  # its first series in the report's order
    problems: list[Problem] = []  # its warnings, indices counted from its first record
    reason: str = ""


_ENCODER: Final = msgspec.msgpack.Encoder()
_DECODER: Final = msgspec.msgpack.Decoder(_Message)
_LENGTH: Final = struct.Struct(">I")


def _send(fd: int, message: _Message) -> None:
    payload = _ENCODER.encode(message)
    data = memoryview(_LENGTH.pack(len(payload)) + payload)
    while data:
        data = data[os.write(fd, data) :]


def _send_quietly(fd: int, message: _Message) -> None:
    with contextlib.suppress(OSError):  # the parent has gone: the next message fails too
        _send(fd, message)


def _read(fd: int, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        chunk = os.read(fd, size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _receive(fd: int) -> _Message:
    """The child's next message; `failed` when it stopped without one."""
    head = _read(fd, _LENGTH.size)
    payload = None if head is None else _read(fd, _LENGTH.unpack(head)[0])
    if payload is None:
        return _Message("failed", reason="the second process stopped")
    try:
        return _DECODER.decode(payload)
    except msgspec.DecodeError:  # stopped in the middle of a message
        return _Message("failed", reason="the second process stopped")


def _decode_half(plan: Plan, first: bool) -> list[Record] | None:
    """The records of one half (the cut's comma becomes the end or the start of an array);
    None when they do not decode."""
    text, cut = plan.text, plan.cut
    text[cut + 1] = ord("]" if first else "[")
    view = (
        memoryview(text)[plan.start : cut + 2]
        if first
        else memoryview(text)[cut + 1 : plan.end + 1]
    )
    try:
        return _RECORDS.decode(view)
    except (msgspec.MsgspecError, RecursionError, ValueError):
        return None
    finally:
        view.release()


def _lead(records: list[Record]) -> int:
    """How many records at the start of the second half are of the same region as the first.
    The cut falls anywhere, often inside a series: these records go to the parent, which
    checks and reports them with the end of its half. So a file listed region by region, its
    series within a region in any order, has no series in both halves, and its halves follow
    each other in the report's order, which sorts by region first."""
    if not records:
        return 0
    region = records[0].region
    count = 1
    while count < len(records) and records[count].region == region:
        count += 1
    return count


@dataclass(slots=True)
class _Half:
    dataset: Dataset | None  # None when it has an error
    strings: int
    problems: list[Problem]
    orders: list[SeriesOrder]  # of its series, in no particular order


def _check(plan: Plan, records: list[Record], start: int, late: _Late | None = None) -> _Half:
    """Check the records of one half (`start`: the index of the first in its half) and group
    them into series; then `late` records, if it gives any, as if they followed."""
    checker = plan.checker
    strings = checker.check_records(enumerate(records, start))
    if late is not None:
        more = late()
        if more is None:
            return _Half(None, strings, [], [])
        strings += checker.check_records(enumerate(more, start + len(records)))
        records += more
    problems = checker.finish(lambda: {id(rec): i for i, rec in enumerate(records, start)})
    if any(p.severity == "error" for p in problems):
        return _Half(None, strings, problems, [])
    frame = plan.frame
    dataset = Dataset(
        path=frame.path,
        indicators=frame.indicators,
        regions=frame.regions,
        records=records,
        series=checker.series,
    )
    order = series_order(frame)
    return _Half(dataset, strings, problems, [order(k) for k in checker.series])


#: Gives the records that come late to a half (the child's lead), or None when there are none
#: to be had (the child failed).
_Late = Callable[[], list[Record] | None]


def _child(plan: Plan, render_half: RenderHalf, part: TextIO, fd: int) -> NoReturn:
    """The second half, in the forked process; never returns."""
    code = 1
    try:
        records = _decode_half(plan, first=False)
        if records is None:
            raise ValueError("the second half does not decode")
        lead = _lead(records)
        # sent while this half is checked: the parent reads it only once it has checked its
        # own records, and a lead larger than the pipe would otherwise hold this process up
        lead_message = _Message("lead", lead=records[:lead])
        sender = threading.Thread(target=_send_quietly, args=(fd, lead_message))
        sender.start()
        half = _check(plan, records[lead:], lead)
        sender.join()
        half.strings -= strings_in(plan.text, plan.cut + 2, plan.end)
        _send(
            fd,
            _Message(
                "checked",
                clean=half.dataset is not None,
                strings=half.strings,
                records=len(records),
                first=min(half.orders, default=None),
                problems=half.problems,
            ),
        )
        if half.dataset is not None:
            render_half(half.dataset, part, False)
            part.close()
            _send(fd, _Message("written"))
            code = 0
    except BaseException as exc:  # the parent reports it: a child must never raise
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        with contextlib.suppress(BaseException):
            _send(fd, _Message("failed", reason=reason or type(exc).__name__))
    finally:
        os._exit(code)


def _shifted(problem: Problem, offset: int) -> Problem:
    """A problem of the second half, with its record's index counted from the file's start."""
    path = _PATH_INDEX.sub(lambda m: f"records[{int(m[1]) + offset}]", problem.path)
    return msgspec.structs.replace(problem, path=path)


def render(
    plan: Plan,
    render_half: RenderHalf,
    out: TextIO,
    part_folder: str | None = None,
    feedback: Feedback = NO_FEEDBACK,
) -> ValidationReport | None:
    """Render the file's two halves into `out` in two processes (see the module's text).

    Returns the validation report (it has warnings at most), or None, with nothing written,
    when the file must be done in one process. The child's part is written in `part_folder`
    (the output's folder: the same disk) or the system's temporary folder. A child that fails
    after the parent has begun writing raises OSError: the output is incomplete."""
    opened: list[int] = []
    try:
        part_fd = _part_file(part_folder)
        opened.append(part_fd)
        read_fd, write_fd = os.pipe()
        opened += (read_fd, write_fd)
        pid = os.fork()
    except OSError:  # no temporary file, no memory or no process left: one process does it
        for fd in opened:
            os.close(fd)
        return None
    enabled = gc.isenabled()
    gc.disable()  # millions of objects, none in a cycle: see loader._fast
    if pid == 0:
        os.close(read_fd)
        part = os.fdopen(
            part_fd,
            "w",
            encoding=getattr(out, "encoding", None) or "utf-8",
            errors=getattr(out, "errors", None) or "strict",
            newline="",
        )
        _child(plan, render_half, part, write_fd)
    os.close(write_fd)
    finished = False
    try:
        feedback.stage("decoding", file=plan.file)
        records = _decode_half(plan, first=True)
        if records is None:
            return None
        mine = len(records)

        def lead() -> list[Record] | None:
            message = _receive(read_fd)
            return message.lead if message.stage == "lead" else None

        feedback.stage("checking")
        # the lead is checked after the parent's own records: no waiting for the child
        half = _check(plan, records, 0, lead)
        # the strings of the file: the parent counts its part (the head and the first half),
        # the child its own
        text = plan.text
        strings = strings_in(text, 0, plan.cut + 2) + strings_in(text, plan.end + 1)
        theirs = _receive(read_fd)
        dataset = half.dataset
        if (
            dataset is None
            or theirs.stage != "checked"
            or not theirs.clean
            or strings != plan.head_strings + half.strings + theirs.strings
            or (half.orders and theirs.first is not None and max(half.orders) >= theirs.first)
        ):
            return None
        feedback.stage("computing")
        render_half(dataset, out, True)
        done = _receive(read_fd)
        if done.stage != "written":
            raise OSError(done.reason)
        out.flush()
        out.buffer.flush()
        _append(part_fd, out.buffer)
        finished = True
    finally:
        if not finished:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read_fd)
        os.close(part_fd)
        gc.freeze()
        if enabled:
            gc.enable()
    problems = half.problems + [_shifted(p, mine) for p in theirs.problems]
    frame = plan.frame
    counts = Counts(len(frame.indicators), len(frame.regions), mine + theirs.records)
    return build_report(plan.file, problems, counts)


def _append(part: int, out: BinaryIO) -> None:
    """Append the part file (its descriptor) to `out` (flushed): in the kernel where it can
    be, else by hand (another system, a pipe, a stream without a file); all of it or OSError."""
    size = os.fstat(part).st_size
    done = 0
    with contextlib.suppress(AttributeError, OSError, io.UnsupportedOperation):
        target = out.fileno()
        while done < size:
            copied = os.copy_file_range(part, target, size - done, offset_src=done)
            if not copied:
                break
            done += copied
    while done < size:
        chunk = os.pread(part, min(1 << 20, size - done), done)
        if not chunk:
            raise OSError(errno.EIO, "the second part ended early")
        out.write(chunk)
        done += len(chunk)
    out.flush()


def _part_file(folder: str | None) -> int:
    """An unnamed temporary file for the child's part (nothing is left behind, whatever ends
    the processes): in `folder` if it can be, else the system's."""
    if folder is not None:
        with contextlib.suppress(OSError):
            fd, path = tempfile.mkstemp(prefix=".povtrack-part-", suffix=".tmp", dir=folder)
            Path(path).unlink()
            return fd
    fd, path = tempfile.mkstemp(prefix="povtrack-part-", suffix=".tmp")
    Path(path).unlink()
    return fd
