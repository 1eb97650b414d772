"""A short soak: random changes through the real window, each checked against a fresh engine.

The long run is a command (``cnnviz soak --minutes 30``); its last result is in the README.
"""

from __future__ import annotations

import argparse

from cnnviz.commands import soak


def test_a_short_soak_finds_no_mismatch(qapp, capsys) -> None:
    args = argparse.Namespace(minutes=None, updates=60, seed=7, quiet=True)
    status = soak.run(args)
    out = capsys.readouterr().out
    assert "60 updates" in out
    assert ", 0 mismatches, 0 errors" in out, out
    checked = int(out.split("(")[1].split()[0])
    assert checked >= 20  # most updates had valid settings and were compared
    assert status == 0


def test_typed_values_cover_mistakes_and_valid_values() -> None:
    import random

    from cnnviz.core.errors import SettingError
    from cnnviz.core.settings import TABLE

    rng = random.Random(1)
    refused = accepted = 0
    for _ in range(400):
        key = rng.choice(list(TABLE))
        try:
            TABLE[key].parse(soak.random_text(rng, key, TABLE[key]))
            accepted += 1
        except SettingError:
            refused += 1
    assert accepted > 300 and refused > 5
