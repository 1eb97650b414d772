"""A generator of hostile weights files, for the tests and benchmarks/weights_memory.py.

Each file is made the way an attacker would: by hand where the writers would
refuse (safetensors headers, zip members, pickles), otherwise with torch itself.
``hostile_files(folder, marker)`` writes them all and returns
``[(name, path, words)]``: ``words`` is a piece of the message cnnviz must give.

The malicious pickles would create ``marker`` if they were ever unpickled
unsafely; a test asserts it never exists.

The figures in the comments are what the files cost before cnnviz checked them
(issue 7): a 1,690-byte zero-stride .pt took 7 GB, 1 MB and 4 MB deflate zip
bombs 3 and 10.5 GB, a 27.8 kB safetensors with heavy stored settings 5.7 GB.
"""

from __future__ import annotations

import json
import os
import pickle
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import torch

# A small valid state dict (shapes need not fit any network: the loader reads any names).
GOOD_TENSORS = {
    "conv1.weight": torch.arange(24, dtype=torch.float32).reshape(2, 3, 2, 2),
    "conv1.bias": torch.ones(2),
}

# Each shape passes the per-tensor check; conv2 pads 1024×64×64 by 600 on each side in
# replicate mode (a copy of about 6.5 GB): only the memory budget refuses it.
HEAVY_SETTINGS = {
    "conv1.out_channels": 1024,
    "conv2.out_channels": 1,
    "conv2.kernel_size": [1, 1],
    "conv2.padding": [600, 600],
    "conv2.padding_mode": "replicate",
}


def safetensors_bytes(header: dict | str | bytes, data: bytes = b"", *, length: int | None = None) -> bytes:
    """A safetensors file from a header (dict, JSON text or raw bytes) and data, length optionally lied about."""
    if isinstance(header, dict):
        header = json.dumps(header)
    raw = header.encode() if isinstance(header, str) else header
    return struct.pack("<Q", len(raw) if length is None else length) + raw + data


def good_safetensors(metadata: dict[str, str] | None = None, names: dict[str, str] | None = None) -> bytes:
    """A valid file of :data:`GOOD_TENSORS` (names optionally renamed), written by hand."""
    header: dict = {}
    data = b""
    for name, tensor in GOOD_TENSORS.items():
        raw = tensor.numpy().astype("<f4").tobytes()
        shown = (names or {}).get(name, name)
        header[shown] = {
            "dtype": "F32",
            "shape": list(tensor.shape),
            "data_offsets": [len(data), len(data) + len(raw)],
        }
        data += raw
    if metadata is not None:
        header["__metadata__"] = metadata
    return safetensors_bytes(header, data)


def _torch_save(path: Path, obj: object | Callable[[], object]) -> Path:
    """torch.save ``obj`` (or what ``obj()`` makes: torch warns while building sparse tensors)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.save(obj() if callable(obj) else obj, path)
    return path


def _rezip(source: Path, target: Path, *, compress: dict[str, bytes] | None = None) -> Path:
    """Copy a torch.save zip, replacing members by name with deflate-compressed new contents."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            replacement = (compress or {}).get(info.filename.split("/", 1)[-1])
            if replacement is None:
                new.writestr(info, old.read(info))
            else:
                new.writestr(info.filename, replacement, compress_type=zipfile.ZIP_DEFLATED)
    return target


def deflate_bomb(source: Path, target: Path, expanded: int) -> Path:
    """A torch.save zip whose storage member ``data/0`` is ``expanded`` zero bytes, deflated (~1000:1)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate, as zip stores it
    chunk = bytes(2**20)
    packed = b"".join(packer.compress(chunk) for _ in range(expanded // len(chunk))) + packer.flush()
    crc = 0
    for _ in range(expanded // len(chunk)):
        crc = zlib.crc32(chunk, crc)
    _write_raw_member(target, source, packed, crc, expanded)
    return target


def _write_raw_member(target: Path, source: Path, packed: bytes, crc: int, expanded: int) -> None:
    """Write ``target`` as ``source`` with member data/0 replaced by a raw deflate stream."""
    entries = []
    with zipfile.ZipFile(source) as old:
        for info in old.infolist():
            if info.filename.endswith("data/0"):
                entries.append((info.filename, packed, crc, expanded, 8))
            else:
                data = old.read(info)
                entries.append((info.filename, data, zlib.crc32(data), len(data), 0))
    out = bytearray()
    central = bytearray()
    for name, data, crc32, size, method in entries:
        encoded = name.encode()
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc32, len(data), size, len(encoded), 0
        )
        out += encoded + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc32, len(data), size,
            len(encoded), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += encoded
    start = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), start, 0)
    target.write_bytes(bytes(out))


class Evil:
    """Unpickled unsafely, this creates the marker file (``os.system`` would run)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _flip_bits(data: bytes, positions: list[int]) -> bytes:
    out = bytearray(data)
    for p in positions:
        out[p % len(out)] ^= 1 << (p % 8)
    return bytes(out)


def _patch_pickle(source: Path, target: Path, old: bytes, new: bytes) -> Path:
    """Copy a torch.save zip with ``old`` replaced by ``new`` (same length) in data.pkl."""
    assert len(old) == len(new)
    data = bytearray(source.read_bytes())
    at = data.find(old)
    assert at >= 0, old
    data[at : at + len(old)] = new
    target.write_bytes(bytes(data))
    return target


def hostile_files(folder: Path, marker: Path) -> list[tuple[str, Path, str]]:
    """Write every hostile file into ``folder``; ``[(name, path, words the message must hold)]``."""
    folder.mkdir(parents=True, exist_ok=True)
    made: list[tuple[str, Path, str]] = []

    def add(name: str, words: str, make: Callable[[Path], object]) -> None:
        path = folder / name
        result = make(path)
        if isinstance(result, bytes):
            path.write_bytes(result)
        made.append((name, path, words))

    good_st = good_safetensors(metadata={"settings": "{}"})
    good_pt = _torch_save(folder / "_good.pt", {"state_dict": dict(GOOD_TENSORS), "settings": {}})

    # --- safetensors: header ----------------------------------------------------------
    add("st_truncated_length.safetensors", "truncated", lambda p: good_st[:5])
    add("st_truncated_header.safetensors", "truncated", lambda p: good_st[:40])
    add("st_truncated_data.safetensors", "truncated", lambda p: good_st[:-7])
    add("st_header_huge_length.safetensors", "header", lambda p: safetensors_bytes({}, length=2**63))
    add("st_header_past_end.safetensors", "header", lambda p: safetensors_bytes({}, length=1000))
    add("st_header_not_json.safetensors", "JSON", lambda p: safetensors_bytes("{not json"))
    add("st_header_not_utf8.safetensors", "UTF-8", lambda p: safetensors_bytes(b'{"\xff": 1}'))
    add("st_header_list.safetensors", "object", lambda p: safetensors_bytes("[]"))
    add(
        "st_deep_nesting.safetensors",
        "levels deep",
        lambda p: safetensors_bytes("[" * 100_000 + "]" * 100_000),
    )
    add(
        "st_deep_metadata.safetensors",
        "levels deep",
        lambda p: safetensors_bytes('{"__metadata__": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}"),
    )
    add(
        "st_huge_int_shape.safetensors",
        "digits",
        lambda p: safetensors_bytes(
            '{"w": {"dtype": "F32", "shape": [1' + "0" * 5000 + '], "data_offsets": [0, 4]}}'
        ),
    )
    add(
        "st_big_shape.safetensors",
        "needs",
        lambda p: safetensors_bytes(
            {"w": {"dtype": "F32", "shape": [2**31, 2**31], "data_offsets": [0, 4]}}, b"\0" * 4
        ),
    )
    add(
        "st_negative_dim.safetensors",
        "whole number",
        lambda p: safetensors_bytes(
            {"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}, b"\0" * 4
        ),
    )
    add(
        "st_float_offset.safetensors",
        "whole number",
        lambda p: safetensors_bytes(
            {"w": {"dtype": "F32", "shape": [1], "data_offsets": [0.0, 4]}}, b"\0" * 4
        ),
    )
    add(
        "st_nan_constant.safetensors",
        "JSON number",
        lambda p: safetensors_bytes(
            '{"w": {"dtype": "F32", "shape": [NaN], "data_offsets": [0, 4]}}', b"\0" * 4
        ),
    )
    add(
        "st_offsets_past_end.safetensors",
        "offsets",
        lambda p: safetensors_bytes(
            {"w": {"dtype": "F32", "shape": [2**20], "data_offsets": [0, 2**22]}}, b"\0" * 4
        ),
    )
    add(
        "st_overlap.safetensors",
        "overlaps",
        lambda p: safetensors_bytes(
            {
                "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]},
            },
            b"\0" * 12,
        ),
    )
    add(
        "st_gap.safetensors",
        "gap",
        lambda p: safetensors_bytes({"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}, b"\0" * 8),
    )
    add(
        "st_duplicate_name.safetensors",
        "twice",
        lambda p: safetensors_bytes(
            '{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},'
            ' "a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}',
            b"\0" * 8,
        ),
    )
    add(
        "st_bad_dtype.safetensors",
        "has type",
        lambda p: safetensors_bytes({"a": {"dtype": "C64", "shape": [1], "data_offsets": [0, 8]}}, b"\0" * 8),
    )
    add(
        "st_bool_dtype.safetensors",
        "has type",
        lambda p: safetensors_bytes({"a": {"dtype": "BOOL", "shape": [1], "data_offsets": [0, 1]}}, b"\1"),
    )
    add(
        "st_many_tensors.safetensors",
        "tensors",
        lambda p: safetensors_bytes(
            {f"t{i}": {"dtype": "F32", "shape": [0], "data_offsets": [0, 0]} for i in range(5000)}
        ),
    )
    add(
        "st_escape_name.safetensors",
        "control characters",
        lambda p: good_safetensors(names={"conv1.weight": "\x1b[2J\x1b[Hconv1.weight"}),
    )
    add("st_nan_values.safetensors", "NaN", lambda p: _nan_safetensors())
    # --- safetensors: metadata and stored settings ------------------------------------
    add("st_metadata_not_text.safetensors", "not text", lambda p: good_safetensors(metadata={"a": 1}))  # type: ignore[dict-item]
    add(
        "st_metadata_huge_value.safetensors",
        "characters long",
        lambda p: good_safetensors(metadata={"note": "x" * 100_000}),
    )
    add(
        "st_metadata_many_keys.safetensors",
        "entries",
        lambda p: good_safetensors(metadata={f"k{i}": "" for i in range(1000)}),
    )
    add(
        "st_settings_not_json.safetensors",
        "not valid JSON",
        lambda p: good_safetensors(metadata={"settings": "{oops"}),
    )
    add(
        "st_settings_nested.safetensors",
        "levels deep",
        lambda p: good_safetensors(metadata={"settings": '{"a": ' * 50 + "1" + "}" * 50}),
    )
    add(
        "st_settings_huge_int.safetensors",
        "digits",
        lambda p: good_safetensors(metadata={"settings": '{"conv1.out_channels": 1' + "0" * 5000 + "}"}),
    )
    add(
        "st_settings_invalid.safetensors",
        "conv1.stride",
        lambda p: good_safetensors(metadata={"settings": '{"conv1.stride": 0}'}),
    )
    add(
        "st_settings_escape.safetensors",
        "not valid",
        lambda p: good_safetensors(metadata={"settings": '{"\\u001b[2Jconv1.stride": 1}'}),
    )
    add(
        "st_settings_heavy.safetensors",
        "memory",
        lambda p: good_safetensors(metadata={"settings": json.dumps(HEAVY_SETTINGS)}),
    )
    # Bit flips at fixed places of a valid file (length, header, data).
    for i, positions in enumerate(([3], [9], [17, 200], [len(good_st) * 8 - 30])):
        add(f"st_bitflip_{i}.safetensors", "", lambda p, pos=positions: _flip_bits(good_st, pos))

    # --- .pt: archives -------------------------------------------------------------------
    add("pt_truncated.pt", "", lambda p: good_pt.read_bytes()[: good_pt.stat().st_size // 2])
    add("pt_raw_pickle.pt", "zip format", lambda p: pickle.dumps({"conv1.weight": [1.0]}))
    add("pt_evil_raw_pickle.pt", "zip format", lambda p: pickle.dumps({"conv1.weight": Evil(marker)}))
    add(
        "pt_evil_zip.pt",
        "refused",
        lambda p: _torch_save(p, {"state_dict": {"conv1.weight": torch.zeros(1)}, "payload": Evil(marker)}),
    )
    add("pt_evil_tensor_value.pt", "refused", lambda p: _torch_save(p, {"conv1.weight": Evil(marker)}))
    add(
        "pt_evil_datapkl.pt",
        "refused",
        lambda p: (
            _rezip(good_pt, p, compress=None) and _replace_member(p, "data.pkl", pickle.dumps(Evil(marker)))
        ),
    )
    add("pt_zip_bomb_64mb.pt", "compressed", lambda p: deflate_bomb(good_pt, p, 64 * 2**20))
    add("pt_zip_lying_size.pt", "", lambda p: _lying_size(good_pt, p))
    add(
        "pt_zip_deflated_pickle.pt",
        "compressed",
        lambda p: _rezip(good_pt, p, compress={"data.pkl": _data_pkl(good_pt)}),
    )
    add("pt_not_zip.pt", "zip format", lambda p: b"PK\x03\x04 but not really a zip" * 3)
    # --- .pt: tensors --------------------------------------------------------------------
    add(
        "pt_zero_strides.pt",
        "overlap",
        lambda p: _torch_save(p, {"conv1.weight": torch.zeros(1).as_strided((100_000, 100_000), (0, 0))}),
    )
    add(
        "pt_overlapping_strides.pt",
        "overlap",
        lambda p: _torch_save(p, {"conv1.weight": torch.zeros(100_000).as_strided((50_000, 50_000), (1, 1))}),
    )
    add("pt_view_past_storage.pt", "", lambda p: _view_past_storage(folder, p))
    add(
        "pt_sparse.pt",
        "sparse",
        lambda p: _torch_save(
            p,
            lambda: {
                "conv1.weight": torch.sparse_coo_tensor(
                    torch.tensor([[0], [0]]), torch.ones(1), (10**6, 10**6)
                )
            },
        ),
    )
    add(
        "pt_sparse_csr.pt",
        "sparse",
        lambda p: _torch_save(p, lambda: {"conv1.weight": torch.eye(3).to_sparse_csr()}),
    )
    add(
        "pt_meta.pt",
        "meta",
        lambda p: _torch_save(p, {"conv1.weight": torch.empty(10**5, 10**5, device="meta")}),
    )
    add("pt_quantized.pt", "quantized", lambda p: _quantized(p))
    add(
        "pt_complex.pt",
        "type",
        lambda p: _torch_save(p, {"conv1.weight": torch.ones(2, dtype=torch.complex64)}),
    )
    add("pt_bool.pt", "type", lambda p: _torch_save(p, {"conv1.weight": torch.ones(2, dtype=torch.bool)}))
    add("pt_string_value.pt", "not a tensor", lambda p: _torch_save(p, {"conv1.weight": "hello"}))
    add("pt_list.pt", "dictionary", lambda p: _torch_save(p, [torch.zeros(1)]))
    add("pt_nested_dicts.pt", "not a tensor", lambda p: _torch_save(p, {"state_dict": _nested(400)}))
    add(
        "pt_nested_settings.pt",
        "deeper",
        lambda p: _torch_save(p, {"state_dict": dict(GOOD_TENSORS), "settings": _nested(400)}),
    )
    add(
        "pt_heavy_settings.pt",
        "memory",
        lambda p: _torch_save(p, {"state_dict": dict(GOOD_TENSORS), "settings": HEAVY_SETTINGS}),
    )
    add(
        "pt_extra_key.pt",
        "not a part",
        lambda p: _torch_save(p, {"state_dict": dict(GOOD_TENSORS), "optimizer": {"lr": 1}}),
    )
    add(
        "pt_metadata_not_text.pt",
        "not text",
        lambda p: _torch_save(p, {"state_dict": dict(GOOD_TENSORS), "metadata": {"a": [1, 2]}}),
    )
    add(
        "pt_escape_name.pt",
        "control characters",
        lambda p: _torch_save(p, {"\x1b]0;pwned\x07conv1.weight": torch.zeros(1)}),
    )
    add("pt_int_key.pt", "not text", lambda p: _torch_save(p, {1: torch.zeros(1)}))
    for i, positions in enumerate(([100], [800, 801], [good_pt.stat().st_size * 4])):
        add(f"pt_bitflip_{i}.pt", "", lambda p, pos=positions: _flip_bits(good_pt.read_bytes(), pos))
    good_pt.unlink()
    return made


def _nan_safetensors() -> bytes:
    raw = torch.tensor([1.0, float("nan")]).numpy().astype("<f4").tobytes()
    return safetensors_bytes({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}, raw)


def _nested(depth: int) -> dict:
    value: dict = {"leaf": 1}
    for _ in range(depth):
        value = {"a": value}
    return value


def _data_pkl(source: Path) -> bytes:
    with zipfile.ZipFile(source) as archive:
        name = next(n for n in archive.namelist() if n.endswith("data.pkl"))
        return archive.read(name)


def _replace_member(path: Path, suffix: str, data: bytes) -> Path:
    """Rewrite the zip at ``path`` with the member ending in ``suffix`` replaced (stored)."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(tmp, "w") as new:
        for info in old.infolist():
            new.writestr(info, data if info.filename.endswith(suffix) else old.read(info))
    tmp.replace(path)
    return path


def _lying_size(source: Path, target: Path) -> Path:
    """A zip whose central directory declares a 1 TB member that is really 4 bytes."""
    data = bytearray(source.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    start = struct.unpack_from("<I", data, end + 16)[0]
    at = start
    while data[at : at + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, at + 28)
        name = bytes(data[at + 46 : at + 46 + name_len])
        if name.endswith(b"data/0"):
            struct.pack_into("<I", data, at + 24, 0xFFFFFFF0)  # uncompressed size
        at += 46 + name_len + extra_len + comment_len
    target.write_bytes(bytes(data))
    return target


def _view_past_storage(folder: Path, target: Path) -> Path:
    """A 4-element storage whose pickled view claims 200 elements."""
    source = _torch_save(folder / "_four.pt", {"conv1.weight": torch.arange(4, dtype=torch.float32)[:3]})
    # The shape (3,) is pickled as BININT1 3 ("K\x03") followed by TUPLE1/"\x85".
    _patch_pickle(source, target, b"K\x03\x85", b"K\xc8\x85")
    source.unlink()
    return target


def _quantized(path: Path) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tensor = torch.quantize_per_tensor(torch.ones(4), 0.1, 0, torch.qint8)
    return _torch_save(path, {"conv1.weight": tensor})
