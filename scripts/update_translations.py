"""Refresh cnnviz's Korean translation source and build its compiled form (``make translations``).

1. ``pyside6-lupdate`` reads every ``tr()`` / ``tr_noop()`` / ``self.tr()`` in the
   sources (cnnviz/core, cnnviz/commands, cnnviz/cli.py, cnnviz/bench*.py,
   cnnviz/app) into a fresh ``.ts`` in a temporary folder;
2. strings of the core's plain ``tr()`` (which lupdate files under an empty
   context) are moved to the context the core asks for at run time, ``cnnviz``;
3. the translations already in ``cnnviz/i18n/cnnviz_ko.ts`` are carried over by
   (context, source), or by source alone when a string moved; new strings are
   written ``unfinished``; strings no longer in the sources are dropped;
4. ``pyside6-lrelease`` compiles ``cnnviz/i18n/cnnviz_ko.qm``; the .qm is committed
   and shipped as package data, so an install needs no Qt tools.

``--check`` writes nothing and exits 1, listing them, if any source string has no
finished translation in the committed .ts; ``--scope core`` checks only the core
and the command line (``cnnviz/app`` is left out: the window is being rewritten).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "cnnviz" / "i18n"
LANGS = ("ko",)
DEFAULT_CONTEXT = "cnnviz"
CORE_SOURCES = (
    "cnnviz/core",
    "cnnviz/commands",
    "cnnviz/cli.py",
    "cnnviz/bench.py",
    "cnnviz/bench_args.py",
)
SOURCES = (*CORE_SOURCES, "cnnviz/app")


def tool(name: str) -> str:
    """The path of a Qt tool: beside this Python first (a venv), then on PATH."""
    beside = Path(sys.executable).with_name(name)
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 (pip install PySide6-Essentials)")
    return found


def python_sources(entries: tuple[str, ...] = SOURCES) -> list[str]:
    files: list[str] = []
    for entry in entries:
        path = ROOT / entry
        if path.is_dir():
            files.extend(str(p.relative_to(ROOT)) for p in sorted(path.rglob("*.py")))
        elif path.exists():
            files.append(entry)
    return files


def extract(workdir: Path, entries: tuple[str, ...] = SOURCES) -> list[tuple[str, str]]:
    """(context, source) of every marked string, in lupdate's order, without duplicates."""
    out = workdir / "extracted.ts"
    cmd = [
        tool("pyside6-lupdate"),
        "-tr-function-alias",
        "QT_TR_NOOP+=tr_noop",
        "-locations",
        "none",
        "-no-obsolete",
        "-silent",
        *python_sources(entries),
        "-ts",
        str(out),
    ]
    subprocess.run(cmd, cwd=ROOT, check=True)
    seen: dict[tuple[str, str], None] = {}
    for context in ET.parse(out).getroot().iter("context"):
        name = context.findtext("name") or DEFAULT_CONTEXT
        for message in context.iter("message"):
            source = message.findtext("source")
            if source is not None:
                seen[(name, source)] = None
    return list(seen)


def existing(ts: Path) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """Finished translations of ``ts`` by (context, source) and by source alone."""
    by_key: dict[tuple[str, str], str] = {}
    by_source: dict[str, str] = {}
    if not ts.exists():
        return by_key, by_source
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if source is None or translation is None or translation.get("type") or not translation.text:
                continue
            by_key[(name, source)] = translation.text
            by_source.setdefault(source, translation.text)
    return by_key, by_source


def write_ts(path: Path, lang: str, messages: list[tuple[str, str]], translations: dict) -> list[str]:
    """Write the .ts; returns the sources left without a translation."""
    by_key, by_source = translations
    root = ET.Element("TS", version="2.1", language=lang, sourcelanguage="en")
    missing: list[str] = []
    contexts: dict[str, ET.Element] = {}
    for name, source in sorted(messages, key=lambda m: (m[0], m[1])):
        if name not in contexts:
            contexts[name] = ET.SubElement(root, "context")
            ET.SubElement(contexts[name], "name").text = name
        message = ET.SubElement(contexts[name], "message")
        ET.SubElement(message, "source").text = source
        text = by_key.get((name, source)) or by_source.get(source)
        translation = ET.SubElement(message, "translation")
        if text:
            translation.text = text
        else:
            translation.set("type", "unfinished")
            missing.append(f"[{name}] {source}")
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return missing


def compile_qm(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is missing")
    parser.add_argument("--scope", choices=("all", "core"), default="all", help="sources to read")
    args = parser.parse_args(argv)
    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        messages = extract(workdir, SOURCES if args.scope == "all" else CORE_SOURCES)
        for lang in LANGS:
            ts = I18N / f"cnnviz_{lang}.ts"
            if args.check:
                by_key, _ = existing(ts)
                missing = [f"[{c}] {s}" for c, s in messages if (c, s) not in by_key]
            else:
                missing = write_ts(ts, lang, messages, existing(ts))
                compile_qm(ts, ts.with_suffix(".qm"))
            if missing:
                status = 1
                print(
                    f"{lang}: {len(missing)} of {len(messages)} strings have no translation:", file=sys.stderr
                )
                for line in missing:
                    print(f"  {line}", file=sys.stderr)
            else:
                print(f"{lang}: all {len(messages)} strings translated")
    return status


if __name__ == "__main__":
    sys.exit(main())
