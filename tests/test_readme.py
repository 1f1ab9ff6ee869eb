"""The README's library example runs and prints what the README says it prints."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import brentq

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_library_example_prints_what_the_readme_shows():
    code = re.search(r"```python\n(.*?)```", README, re.DOTALL).group(1)
    shown = re.search(r"\nprints\n\n```text\n(.*?)```", README, re.DOTALL).group(1)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == shown


def test_the_readme_maximiser_is_the_coth_condition_solved_independently():
    # With c = 0 the best weight solves net tanh(net / 2) = 1 at net = w y (the coth condition);
    # the README prints w* and the gain sigma'(net) w there, for y = 0.5.
    net = brentq(lambda x: x * np.tanh(x / 2) - 1.0, 0.1, 4.0, xtol=1e-15)
    w_star = net / 0.5
    gain = np.exp(-net) / (1 + np.exp(-net)) ** 2 * w_star
    assert f"best weight {w_star:.4f}, largest gain {gain:.4f}" in README


def test_ci_installs_what_the_pdf_session_needs():
    root = Path(__file__).resolve().parents[1]
    ci = (root / ".ci" / "run").read_text()
    noxfile = (root / "noxfile.py").read_text()
    block = re.search(r"TEX_PACKAGES = \((.*?)\)", noxfile, re.DOTALL).group(1)
    needed = re.findall(r'"([a-z0-9.+-]+)"', block)
    assert len(needed) >= 3, needed
    installed = re.search(r"packages=\((.*?)\)", ci, re.DOTALL).group(1).split()
    assert set(needed) <= set(installed), set(needed) - set(installed)
    readme_tex = set(re.findall(r"apt-get install ([^`]*)`", README)[0].split())
    assert set(needed) <= readme_tex, set(needed) - readme_tex


def test_the_layout_names_every_part_of_the_library():
    package = Path(__file__).resolve().parents[1] / "src" / "lstmnotes"
    parts = {p.parent.name for p in package.glob("*/__init__.py")} - {"ledger"}  # named on its own
    layout = re.search(r"src/lstmnotes/ +the library, one subpackage per part of the book \((.*?)\)",
                       README, re.DOTALL).group(1)  # fmt: skip
    assert set(re.split(r",\s*", layout)) == parts
