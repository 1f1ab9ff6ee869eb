"""Package-level promises: the public API and a cheap import that loads a part only when it is used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import lstmnotes

ROOT = Path(__file__).resolve().parents[1]


def test_public_api_is_exported():
    for name in lstmnotes.__all__:
        assert hasattr(lstmnotes, name), name


def test_import_is_cheap():
    code = "import sys, lstmnotes; print(sorted(m for m in ('matplotlib', 'sympy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_import_loads_no_part_until_a_name_is_used():
    code = (
        "import sys, lstmnotes\n"
        "before = sorted(m for m in sys.modules if m.startswith('lstmnotes.'))\n"
        "from lstmnotes import max_gain\n"
        "after = {m.split('.')[1] for m in sys.modules if m.startswith('lstmnotes.')}\n"
        "print(before, sorted(after))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # max_gain lives in local_gain, which uses the activations, the net, the argument checks, the
    # float-order bisection and the rows that state each function's domain.
    assert (
        out.stdout.strip()
        == "[] ['_float_keys', '_validate', 'activations', 'domain', 'local_gain', 'net']"
    )
