"""The bytes of weights files, read without trusting them.

:mod:`cnnviz.core.weights` decides what a weights file means (which tensors,
which settings); this module only reads the two formats, and refuses anything
that could take unbounded memory or time *before* it is materialised:

* ``.safetensors``: the header (8-byte little-endian length, then JSON) is
  parsed here, not by the ``safetensors`` package, with limits on its length,
  nesting depth and integer sizes, a dtype whitelist, and every tensor's offsets
  checked against its shape and the file size (no overlaps, no gaps). Only then
  is each tensor read, with exactly the bytes it declared.
* ``.pt`` / ``.pth`` (a zip written by ``torch.save``): every member's declared
  size and the total are checked against the file before ``torch.load``
  (zip bombs), compressed members are refused (``torch.save`` never compresses),
  and the file is loaded with ``weights_only=True`` and ``mmap=True``, so the
  storages are views of the file rather than allocations of sizes the pickle
  chose. The legacy (pre-1.6, non-zip) format is refused: it allocates the
  storage sizes its pickle declares.
* every tensor, from either format, is checked for layout (no sparse, meta or
  quantized tensors), dtype, dimensions, strides (no zero, negative or
  overlapping strides: a 1 kB file could otherwise describe a 7 GB view) and
  storage bounds before any operation touches its values.

Every problem raises :class:`~cnnviz.core.errors.WeightsError` naming the file;
text from the file in a message goes through :func:`~cnnviz.core.text.printable`.

No Qt.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import struct
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import numpy as np
import torch

from cnnviz.core.errors import WeightsError
from cnnviz.core.i18n import tr
from cnnviz.core.text import human_bytes, printable

# Limits (a cnnviz network has at most a few dozen parameters, and its settings
# are a flat object: every limit below is far above what a real file needs).
MAX_HEADER_BYTES = 1 * 2**20  # safetensors JSON header (cnnviz writes about 2 kB)
MAX_JSON_DEPTH = 6  # the header nests 3 deep: {name: {"shape": [..]}}
MAX_INT_DIGITS = 20  # JSON integers (2**64 has 20 digits)
MAX_TENSORS = 1024
MAX_NAME_CHARS = 256
MAX_DIMS = 8
MAX_DIM = 2**40  # one dimension; the file size bounds the product anyway
MAX_METADATA_KEYS = 64
MAX_METADATA_VALUE_CHARS = 64 * 2**10
MAX_PICKLE_BYTES = 16 * 2**20  # data.pkl of a .pt (cnnviz writes about 2 kB)
MAX_ZIP_MEMBERS = 4 * MAX_TENSORS

# safetensors dtype -> (numpy little-endian dtype to read, torch dtype it becomes).
# BF16 is read as int16 and reinterpreted (numpy has no bfloat16).
SAFETENSORS_DTYPES: dict[str, tuple[str, torch.dtype]] = {
    "F64": ("<f8", torch.float64),
    "F32": ("<f4", torch.float32),
    "F16": ("<f2", torch.float16),
    "BF16": ("<i2", torch.bfloat16),
    "I32": ("<i4", torch.int32),
    "I16": ("<i2", torch.int16),
    "I8": ("i1", torch.int8),
    "U8": ("u1", torch.uint8),
}
# Tensor dtypes accepted from .pt files: the same numbers.
TENSOR_DTYPES = frozenset(dtype for _, dtype in SAFETENSORS_DTYPES.values())

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# A JSON string (unrolled: runs of plain characters, then one escape at a time; linear).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def file_error(subject: str | Path, message: str) -> WeightsError:
    """The :class:`WeightsError` for ``message`` about the file ``subject``."""
    return WeightsError(message, subject=printable(subject, limit=None))


def shown(text: object) -> str:
    """Text from a file, safe to put in a message (escaped, cut)."""
    return printable(text, limit=80)


# ---------------------------------------------------------------------------
# JSON with limits
# ---------------------------------------------------------------------------
class _JsonProblem(ValueError):
    pass


def json_depth(text: str) -> int:
    """How deep ``[`` and ``{`` nest in the JSON ``text`` (brackets in strings do not count).

    Linear and without recursion: a header of a million ``[`` is measured in
    milliseconds, never handed to the recursive parser.
    """
    outside = np.frombuffer(_STRING.sub('""', text).encode("utf-8", "surrogatepass"), dtype=np.uint8)
    steps = np.zeros(outside.shape, dtype=np.int32)
    steps[(outside == ord("[")) | (outside == ord("{"))] = 1
    steps[(outside == ord("]")) | (outside == ord("}"))] = -1
    return int(np.cumsum(steps).max(initial=0))


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _JsonProblem(
            tr("an integer of {digits} digits (at most {limit} are accepted)").format(
                digits=len(text.lstrip("-")), limit=MAX_INT_DIGITS
            )
        )
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > 64:
        raise _JsonProblem(tr("a number written with {n} characters").format(n=len(text)))
    return float(text)


def _parse_constant(text: str) -> Any:
    raise _JsonProblem(tr("'{value}' is not a JSON number").format(value=text))


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _JsonProblem(tr("the key '{key}' appears twice").format(key=shown(key)))
        result[key] = value
    return result


def bounded_json(text: str | bytes, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON refusing deep nesting, huge integers, NaN/Infinity and repeated keys.

    Raises :class:`ValueError` with a sentence saying what was wrong.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(tr("it is not UTF-8 text")) from None
    depth = json_depth(text)
    if depth > max_depth:
        raise ValueError(
            tr("it nests {depth} levels deep (at most {limit} are accepted)").format(
                depth=depth, limit=max_depth
            )
        )
    try:
        return json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
            object_pairs_hook=_unique_object,
        )
    except _JsonProblem as exc:
        raise ValueError(str(exc)) from None
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        raise ValueError(tr("it is not valid JSON ({reason})").format(reason=shown(exc))) from None


def depth_of(value: Any, limit: int) -> int:
    """How deep dicts, lists and tuples nest in ``value``, counted without recursion up to ``limit + 1``."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (Mapping, list, tuple)):
            depth += 1
            deepest = max(deepest, depth)
            if depth > limit:
                return depth
            children = item.values() if isinstance(item, Mapping) else item
            stack.extend((child, depth) for child in children)
    return deepest


def check_metadata(subject: str | Path, metadata: Any) -> dict[str, str]:
    """``metadata`` as a bounded ``{str: str}`` dict, or :class:`WeightsError`."""
    if not isinstance(metadata, Mapping):
        raise file_error(
            subject, tr("the metadata is a {kind}, not an object").format(kind=type(metadata).__name__)
        )
    if len(metadata) > MAX_METADATA_KEYS:
        raise file_error(
            subject,
            tr("the metadata has {count} entries (at most {limit} are accepted)").format(
                count=len(metadata), limit=MAX_METADATA_KEYS
            ),
        )
    out: dict[str, str] = {}
    for key, value in metadata.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise file_error(
                subject,
                tr("metadata entry '{key}' is not text (it is a {kind})").format(
                    key=shown(key), kind=type(value).__name__
                ),
            )
        if len(key) > MAX_NAME_CHARS or len(value) > MAX_METADATA_VALUE_CHARS:
            raise file_error(
                subject,
                tr("metadata entry '{key}' is {n:,} characters long (at most {limit:,})").format(
                    key=shown(key), n=max(len(key), len(value)), limit=MAX_METADATA_VALUE_CHARS
                ),
            )
        out[key] = value
    return out


def check_name(subject: str | Path, name: Any) -> str:
    """A tensor name that is text, short and free of control characters."""
    if not isinstance(name, str):
        raise file_error(
            subject, tr("a tensor is named by a {kind}, not text").format(kind=type(name).__name__)
        )
    if not name or len(name) > MAX_NAME_CHARS or printable(name, limit=None) != name:
        raise file_error(
            subject,
            tr(
                "the tensor name '{name}' is empty, longer than {limit} characters or holds control characters"
            ).format(name=shown(name), limit=MAX_NAME_CHARS),
        )
    return name


# ---------------------------------------------------------------------------
# safetensors
# ---------------------------------------------------------------------------
def _damaged(subject: str | Path, reason: str) -> WeightsError:
    return file_error(
        subject, tr("not a readable safetensors file (truncated or damaged?): {reason}").format(reason=reason)
    )


def _header_int(subject: str | Path, value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _damaged(
            subject, tr("{what} is {value!r}, not a whole number ≥ 0").format(what=what, value=shown(value))
        )
    return value


def parse_safetensors_header(
    subject: str | Path, head: bytes, size: int
) -> tuple[int, list[tuple[str, str, tuple[int, ...], int, int]], dict[str, str]]:
    """Check a safetensors header against the file size.

    ``head`` is the start of the file (at least its first 8 bytes and header).
    Returns (where the data starts, [(name, dtype, shape, begin, end)] in file
    order, metadata). Nothing here allocates more than the header's length.
    """
    if size < 8 or len(head) < 8:
        raise _damaged(subject, tr("the file is shorter than the 8-byte header length"))
    (length,) = struct.unpack("<Q", head[:8])
    if length > MAX_HEADER_BYTES:
        raise _damaged(
            subject,
            tr("the header claims {size}; cnnviz reads headers up to {limit}").format(
                size=human_bytes(length), limit=human_bytes(MAX_HEADER_BYTES)
            ),
        )
    if 8 + length > size or len(head) < 8 + length:
        raise _damaged(
            subject,
            tr("the header claims {n:,} bytes but the file has only {m:,}").format(n=length, m=size - 8),
        )
    try:
        header = bounded_json(head[8 : 8 + length])
    except ValueError as exc:
        raise _damaged(subject, tr("its header: {reason}").format(reason=exc)) from None
    if not isinstance(header, dict):
        raise _damaged(subject, tr("the header is not a JSON object"))
    metadata: dict[str, str] = {}
    if "__metadata__" in header:
        metadata = check_metadata(subject, header.pop("__metadata__"))
    if len(header) > MAX_TENSORS:
        raise _damaged(
            subject, tr("it lists {n:,} tensors (at most {limit:,})").format(n=len(header), limit=MAX_TENSORS)
        )
    data_start = 8 + length
    data_size = size - data_start
    entries: list[tuple[str, str, tuple[int, ...], int, int]] = []
    for name, info in header.items():
        check_name(subject, name)
        if not isinstance(info, dict) or set(info) != {"dtype", "shape", "data_offsets"}:
            raise _damaged(
                subject,
                tr("'{name}' is not described by dtype, shape and data_offsets").format(name=shown(name)),
            )
        dtype = info["dtype"]
        if not isinstance(dtype, str) or dtype not in SAFETENSORS_DTYPES:
            raise file_error(
                subject,
                tr("'{name}' has type {dtype}; cnnviz reads {allowed}").format(
                    name=shown(name), dtype=shown(dtype), allowed=", ".join(SAFETENSORS_DTYPES)
                ),
            )
        shape_value, offsets = info["shape"], info["data_offsets"]
        if not isinstance(shape_value, list) or len(shape_value) > MAX_DIMS:
            raise _damaged(
                subject,
                tr("'{name}' has a shape that is not a list of at most {n} sizes").format(
                    name=shown(name), n=MAX_DIMS
                ),
            )
        shape = tuple(
            _header_int(subject, d, tr("a size of '{name}'").format(name=shown(name))) for d in shape_value
        )
        if not isinstance(offsets, list) or len(offsets) != 2:
            raise _damaged(
                subject, tr("'{name}' has data_offsets that are not two numbers").format(name=shown(name))
            )
        begin, end = (
            _header_int(subject, o, tr("an offset of '{name}'").format(name=shown(name))) for o in offsets
        )
        itemsize = np.dtype(SAFETENSORS_DTYPES[dtype][0]).itemsize
        numel = 1
        for d in shape:
            numel *= d  # Python integers: no overflow, and sizes were capped at 20 digits
        if end < begin or end > data_size or end - begin != numel * itemsize:
            raise _damaged(
                subject,
                tr(
                    "'{name}' ({shape}, {dtype}) needs {need:,} bytes but its offsets {begin:,}–{end:,} "
                    "do not hold them within the {have:,} bytes of data"
                ).format(
                    name=shown(name),
                    shape="×".join(map(str, shape)) or "scalar",
                    dtype=dtype,
                    need=numel * itemsize,
                    begin=begin,
                    end=end,
                    have=data_size,
                ),
            )
        entries.append((name, dtype, shape, begin, end))
    entries.sort(key=lambda e: (e[3], e[4]))
    position = 0
    for name, _dtype, _shape, begin, end in entries:
        if begin != position:
            reason = (
                tr("'{name}' overlaps the tensor before it")
                if begin < position
                else tr("there is a gap before '{name}'")
            )
            raise _damaged(subject, reason.format(name=shown(name)))
        position = end
    if position != data_size:
        raise _damaged(
            subject,
            tr("the tensors cover {n:,} of the {m:,} bytes of data").format(n=position, m=data_size),
        )
    return data_start, entries, metadata


def read_safetensors(
    subject: str | Path, handle: IO[bytes], size: int, *, check_before_data: Any = None
) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """Read the tensors of an open safetensors file of ``size`` bytes.

    ``check_before_data(metadata, [(name, dtype, shape)])`` runs after the
    header is checked and before any tensor data is read (it may raise).
    """
    handle.seek(0)
    head = handle.read(8)
    if len(head) == 8:
        (length,) = struct.unpack("<Q", head)
        if length <= MAX_HEADER_BYTES and 8 + length <= size:
            head += handle.read(length)
    data_start, entries, metadata = parse_safetensors_header(subject, head, size)
    if check_before_data is not None:
        check_before_data(
            metadata, [(name, SAFETENSORS_DTYPES[dtype][1], shape) for name, dtype, shape, _, _ in entries]
        )
    tensors: dict[str, torch.Tensor] = {}
    for name, dtype, shape, begin, end in entries:
        handle.seek(data_start + begin)
        raw = handle.read(end - begin)  # exactly the declared bytes, checked against the size
        if len(raw) != end - begin:
            raise _damaged(subject, tr("the file ended inside '{name}'").format(name=shown(name)))
        numpy_dtype, torch_dtype = SAFETENSORS_DTYPES[dtype]
        array = np.frombuffer(raw, dtype=numpy_dtype).astype(np.dtype(numpy_dtype).newbyteorder("="))
        tensor = torch.from_numpy(array)
        if torch_dtype == torch.bfloat16:
            tensor = tensor.view(torch.bfloat16)
        tensors[name] = tensor.reshape(shape)
    return tensors, metadata


# ---------------------------------------------------------------------------
# .pt / .pth (zip written by torch.save)
# ---------------------------------------------------------------------------
def check_pt_archive(subject: str | Path, path: Path, size: int) -> None:
    """Refuse a ``.pt`` whose zip could expand beyond the file or is not torch's zip format."""
    not_zip = tr(
        "not a readable PyTorch file (truncated or damaged?): cnnviz reads the zip format torch.save "
        "has written since PyTorch 1.6 (re-save an older file with a current PyTorch)"
    )
    try:
        # torch decides "zip or legacy" by these first bytes, Python's zipfile by the end of the
        # file: both must agree, or the archive checked here is not the one torch would read.
        with open(path, "rb") as handle:
            if handle.read(4) != b"PK\x03\x04":
                raise file_error(subject, not_zip)
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        ValueError,
        NotImplementedError,
        struct.error,
    ):
        raise file_error(subject, not_zip) from None
    except OSError as exc:
        raise file_error(
            subject, tr("could not read the file: {reason}").format(reason=shown(exc.strerror or exc))
        ) from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise file_error(
            subject,
            tr("the archive has {n:,} members (at most {limit:,})").format(
                n=len(members), limit=MAX_ZIP_MEMBERS
            ),
        )
    total = 0
    pickles = 0
    for member in members:
        total += member.file_size
        if member.compress_type != zipfile.ZIP_STORED or member.file_size != member.compress_size:
            raise file_error(
                subject,
                tr(
                    "'{name}' inside the archive is compressed ({packed:,} bytes that expand to {size:,}); "
                    "torch.save never compresses, so cnnviz refuses compressed members (zip bombs)"
                ).format(name=shown(member.filename), packed=member.compress_size, size=member.file_size),
            )
        if member.filename.endswith("/data.pkl") or member.filename == "data.pkl":
            pickles += 1
            if member.file_size > MAX_PICKLE_BYTES:
                raise file_error(
                    subject,
                    tr("its object table (data.pkl) is {size}; cnnviz reads up to {limit}").format(
                        size=human_bytes(member.file_size), limit=human_bytes(MAX_PICKLE_BYTES)
                    ),
                )
        if member.header_offset + member.file_size > size:
            raise file_error(
                subject,
                tr("'{name}' extends past the end of the file (truncated?)").format(
                    name=shown(member.filename)
                ),
            )
    if total > size:
        raise file_error(
            subject,
            tr("its members declare {total:,} bytes, more than the file's {size:,} (a zip bomb?)").format(
                total=total, size=size
            ),
        )
    if pickles != 1:
        raise file_error(subject, not_zip)


@contextlib.contextmanager
def private_snapshot(path: Path, handle: IO[bytes], size: int) -> Iterator[tuple[Path, int]]:
    """A copy of the open file that no other program can change, as (path to read, size).

    ``torch.load(mmap=True)`` maps the file it is given: were that the user's
    file, another program rewriting it in place (a training script saving) could
    shrink it under the mapping and kill cnnviz with SIGBUS, or swap what was
    checked for something else. On Linux the bytes are copied once into an
    anonymous in-memory file (memfd) and everything is checked and loaded from
    that; elsewhere the file itself is used.
    """
    memfd_create = getattr(os, "memfd_create", None)
    if memfd_create is None or not Path("/proc/self/fd").is_dir():
        yield path, size
        return
    fd = memfd_create("cnnviz-weights", getattr(os, "MFD_CLOEXEC", 0))
    try:
        copied = 0
        handle.seek(0)
        while copied < size:
            chunk = handle.read(min(2**20, size - copied))
            if not chunk:
                break  # the file shrank since it was measured: check what there is
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view) :]
            copied += len(chunk)
        yield Path(f"/proc/self/fd/{fd}"), copied
    finally:
        os.close(fd)


def load_pt(subject: str | Path, path: Path) -> Any:
    """``torch.load`` with ``weights_only=True`` and ``mmap=True``, every failure a :class:`WeightsError`.

    Call :func:`check_pt_archive` first.
    """
    try:
        with warnings.catch_warnings():
            # torch warns about pickle protocols it might not support; either it
            # loads safely or it raises, and the user gets our message.
            warnings.simplefilter("ignore")
            return torch.load(path, map_location="cpu", weights_only=True, mmap=True)
    except Exception as exc:
        text = _ANSI.sub("", str(exc))  # torch decorates some messages with terminal colours
        reason = shown(text.strip().splitlines()[0] if text.strip() else type(exc).__name__)
        if (
            "weights only" in text.lower()
            or "weights_only" in text
            or "unpickl" in type(exc).__name__.lower()
        ):
            message = tr(
                "refused: the file holds Python objects or code, not just tensors "
                "(cnnviz loads .pt files with weights_only=True). Details: {reason}"
            )
        else:
            message = tr("not a readable PyTorch file (truncated or damaged?): {reason}")
        raise file_error(subject, message.format(reason=reason)) from None


# ---------------------------------------------------------------------------
# Tensors, whichever format they came from
# ---------------------------------------------------------------------------
def check_tensor_layout(subject: str | Path, name: str, value: Any) -> int:
    """Refuse anything but a plain, dense, CPU tensor whose view fits its storage.

    Returns its number of elements. Touches no values: a stride bomb (a huge
    view of a tiny storage) is refused before any operation could expand it.
    """
    if not isinstance(value, torch.Tensor):
        raise file_error(
            subject,
            tr("'{name}' is a {kind}, not a tensor").format(name=shown(name), kind=type(value).__name__),
        )
    kind = None
    if value.layout != torch.strided:
        kind = tr("a sparse tensor ({layout})").format(layout=str(value.layout).replace("torch.", ""))
    elif value.is_meta:
        kind = tr("a meta tensor (it has a shape but no values)")
    elif value.is_quantized:
        kind = tr("a quantized tensor")
    elif getattr(value, "is_nested", False):
        kind = tr("a nested tensor")
    elif value.device.type != "cpu":
        kind = tr("a tensor on {device}").format(device=value.device)
    elif type(value) not in (torch.Tensor, torch.nn.Parameter):
        kind = tr("a tensor subclass ({kind})").format(kind=type(value).__name__)
    if kind is not None:
        raise file_error(
            subject,
            tr("'{name}' is {kind}; cnnviz reads plain dense tensors").format(name=shown(name), kind=kind),
        )
    if value.dtype not in TENSOR_DTYPES:
        raise file_error(
            subject,
            tr("'{name}' has type {dtype}; weights must be numbers").format(
                name=shown(name), dtype=str(value.dtype).replace("torch.", "")
            ),
        )
    shape = tuple(value.shape)
    strides = tuple(value.stride())
    if len(shape) > MAX_DIMS:
        raise file_error(
            subject,
            tr("'{name}' has {n} dimensions (at most {limit})").format(
                name=shown(name), n=len(shape), limit=MAX_DIMS
            ),
        )
    numel = 1
    for d in shape:
        numel *= d
    if numel == 0:
        return 0
    # Non-overlapping: ordered by stride, each dimension must step past the
    # whole extent of the ones inside it (this refuses zero and negative strides).
    extent = 1
    for d, s in sorted(((d, s) for d, s in zip(shape, strides, strict=True) if d > 1), key=lambda p: p[1]):
        if s < extent:
            raise file_error(
                subject,
                tr(
                    "'{name}' is a {shape} view with strides {strides} whose elements overlap "
                    "(zero, negative or overlapping strides); cnnviz reads tensors whose every value is stored"
                ).format(name=shown(name), shape="×".join(map(str, shape)), strides=strides),
            )
        extent = s * d
    last = value.storage_offset() + sum((d - 1) * s for d, s in zip(shape, strides, strict=True))
    storage_bytes = value.untyped_storage().nbytes()
    if value.storage_offset() < 0 or (last + 1) * value.element_size() > storage_bytes:
        raise file_error(
            subject,
            tr("'{name}' reaches past the end of its storage ({n:,} bytes)").format(
                name=shown(name), n=storage_bytes
            ),
        )
    return numel


def is_regular_file(mode: int) -> bool:
    """``stat`` mode of a plain file (not a device, FIFO or folder)."""
    return stat.S_ISREG(mode)
