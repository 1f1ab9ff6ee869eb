"""from_sympy's symbolic steps run in a process of their own, ended after ``timeout`` seconds."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import sympy

from lstmnotes.activations.symbolic_activation import MAX_TIMEOUT, from_sympy

X = sympy.Symbol("x")
SRC = Path(__file__).resolve().parents[2] / "src"


def test_a_search_sympy_does_not_finish_is_refused_once_its_time_is_up():
    # sympy's solveset on f'' of this sum ran for more than 300 s
    start = time.monotonic()
    with pytest.raises(ValueError, match=r"within timeout = 2 s"):
        from_sympy(sympy.tanh(X - 40) + sympy.tanh(X + 40), X, timeout=2.0)
    assert time.monotonic() - start < 2.0 + 10.0  # the process is ended, not waited for


def test_a_refusal_in_the_sympy_process_keeps_its_message():
    with pytest.raises(ValueError, match=r"expr Abs\(x\) is piecewise"):
        from_sympy(sympy.Abs(X), X)
    with pytest.raises(ValueError, match=r"approached at infinity"):
        from_sympy(X - sympy.tanh(X), X)  # f' = tanh(x)^2 rises towards 1


@pytest.mark.parametrize("timeout", [0.0, -1.0, MAX_TIMEOUT * 1.001, float("inf"), float("nan")])
def test_a_timeout_out_of_range_is_refused(timeout):
    with pytest.raises(ValueError, match="timeout"):
        from_sympy(sympy.atan(X), X, timeout=timeout)


@pytest.mark.parametrize("timeout", ["5", None, True, 5j])
def test_a_timeout_that_is_not_a_real_number_is_refused(timeout):
    with pytest.raises(TypeError, match="timeout"):
        from_sympy(sympy.atan(X), X, timeout=timeout)


def test_a_script_that_calls_it_at_its_top_level_runs_once(tmp_path):
    # multiprocessing's spawn would import the script again in its process, and call from_sympy again
    script = tmp_path / "reader.py"
    script.write_text(
        "import sympy\n"
        "from lstmnotes.activations.symbolic_activation import from_sympy\n"
        "print('top level')\n"
        "t = sympy.Symbol('t')\n"
        "print(from_sympy(sympy.atan(t), t).slope_max)\n"
    )
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-W", "error", str(script)],
        capture_output=True, text=True, env=env, timeout=300, check=True,
    )  # fmt: skip
    assert done.stdout.splitlines() == ["top level", "1.0"]
