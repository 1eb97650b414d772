"""Regression test: PySide6 6.12.0 leaks a reference *from* None on Python < 3.12.

PySide6-Essentials 6.12.0 on Python 3.11 drops one reference to ``None`` on every
Python slot call and every ``QCoreApplication.processEvents()``. After a few
thousand calls None's count reaches zero and the interpreter aborts with
"Fatal Python error: none_dealloc". pyproject.toml excludes 6.12.0 for
Python < 3.12; these tests fail loudly if a broken build is installed anyway.

On Python >= 3.12 None is immortal: ``sys.getrefcount(None)`` is a huge constant,
so the refcount check holds trivially there but still runs.
"""

from __future__ import annotations

import sys

import PySide6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

CALLS = 10_000
# A broken build falls by about 2 * CALLS = 20,000; normal noise is a few dozen.
TOLERANCE = 1_000


class _Emitter(QObject):
    fired = Signal(int)


def test_slot_calls_and_process_events_keep_none_alive(qapp):
    emitter = _Emitter()
    calls = []

    def slot(value: int) -> None:
        calls.append(value)

    emitter.fired.connect(slot, Qt.ConnectionType.DirectConnection)
    QCoreApplication.processEvents()  # settle anything pending before measuring

    before = sys.getrefcount(None)
    for i in range(CALLS):
        emitter.fired.emit(i)
    for _ in range(CALLS):
        QCoreApplication.processEvents()
    after = sys.getrefcount(None)

    emitter.fired.disconnect(slot)
    assert len(calls) == CALLS, f"the slot ran {len(calls)} times, expected {CALLS}"
    assert calls[0] == 0 and calls[-1] == CALLS - 1
    assert before - after <= TOLERANCE, (
        f"sys.getrefcount(None) fell from {before} to {after} ({before - after}) over {CALLS} slot calls "
        f"and {CALLS} processEvents() calls: this PySide6 ({PySide6.__version__}) drops references to None "
        "and will abort the interpreter with 'Fatal Python error: none_dealloc'"
    )


def test_installed_pyside6_is_not_the_broken_release():
    version = PySide6.__version__
    assert isinstance(version, str) and version[:1].isdigit()
    if sys.version_info < (3, 12):
        assert version.split("+")[0] != "6.12.0", (
            f"PySide6 {version} on Python {sys.version_info.major}.{sys.version_info.minor}: 6.12.0 drops a "
            "reference to None on every Python slot call and processEvents(), and the interpreter aborts "
            "with 'Fatal Python error: none_dealloc' after a few thousand. pyproject.toml excludes it for "
            "Python < 3.12; install another version (e.g. pip install 'PySide6-Essentials!=6.12.0')."
        )
