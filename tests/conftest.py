"""Fixtures shared by the test modules: figures are drawn on the Agg backend and closed after each test.

Under ``CI=true`` hypothesis draws the same examples on every run (its ``derandomize`` setting), so that a
run on a clean clone is reproducible; elsewhere each run draws new ones and keeps looking for counter-examples.
"""

from __future__ import annotations

import datetime
import inspect
import os
import re
import time
from collections.abc import Callable, Iterator

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from _timing import assert_fast
from matplotlib.axes import Axes

try:  # the browser session's environment has no hypothesis, and needs none
    from hypothesis import settings
except ImportError:
    pass
else:
    # no per-example deadline: the tests share a loaded machine, and their times are judged elsewhere
    # (tests/_timing.py, nox -s bench)
    settings.register_profile("local", deadline=None)
    settings.register_profile("ci", derandomize=True, deadline=None)
    settings.load_profile("ci" if os.environ.get("CI", "").lower() == "true" else "local")


_approx = pytest.approx


def _strict_approx(
    expected: object, rel: float | None = None, abs: float | None = None, **kw: object
):
    """``pytest.approx``, with no absolute tolerance by default where every expected value is below 1e-12.

    pytest's default absolute tolerance is 1e-12: ``approx(1e-18, rel=1e-4)`` accepts 0.0, so a test of a
    tiny value would pass on a result that lost it. A tolerance for such values must be asked for.
    """
    if abs is None and rel is not None:
        try:
            sizes = np.abs(np.asarray(expected, dtype=np.float64))
        except (TypeError, ValueError):
            sizes = None
        if sizes is not None and sizes.size and np.all(sizes != 0) and np.all(sizes < 1e-12):
            abs = 0.0
    return _approx(expected, rel=rel, abs=abs, **kw)


pytest.approx = _strict_approx


@pytest.fixture(autouse=True)
def _ledger_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line's ledger cache in a folder of each test's own, never the book build's."""
    monkeypatch.setenv("LSTMNOTES_LEDGER_CACHE", str(tmp_path_factory.mktemp("ledger-cache")))


@pytest.fixture
def ax() -> Iterator[Axes]:
    """A fresh axes on its own figure, closed when the test ends."""
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def pytest_make_parametrize_id(config: pytest.Config, val: object, argname: str) -> str | None:
    """A parameter whose repr carries a memory address gets its type's name as its id instead.

    The tests run in several processes (pytest-xdist), which must collect the same ids; an address differs
    from one process to the next.
    """
    if " at 0x" in repr(val):
        return f"{argname}-{type(val).__name__}"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse test ids that carry a memory address (an explicit ``ids=repr`` on objects, say): the
    processes of pytest-xdist would each collect other ids, and the run would stop before any test.
    Mark ``timed`` the tests that state a time."""
    unstable = [item.nodeid for item in items if re.search(r" at 0x[0-9a-f]+", item.nodeid)]
    if unstable:
        raise pytest.UsageError("test ids with a memory address:\n  " + "\n  ".join(unstable[:10]))
    _mark_timed(items)


@pytest.fixture
def asinh_callables() -> Callable[..., object]:
    """A reader's own unit built from numpy callables: asinh, whose slope 1/sqrt(1 + x^2) is even with its
    peak 1 at 0. The factory passes its keyword arguments (``tail_gains``, ``net_limit``) on to
    ``from_callables``."""
    from lstmnotes import activations

    def build(**kwargs: object) -> object:
        return activations.from_callables(
            "asinh",
            np.arcsinh,
            lambda x: 1 / np.sqrt(1 + x * x),
            slope_max=1.0,
            slope_argmax=0.0,
            fsecond=lambda x: -x / (1 + x * x) ** 1.5,
            even_slope=True,
            **kwargs,
        )

    return build


@pytest.fixture
def gauss_callables() -> object:
    """A reader's own unit from numpy callables with a Gaussian slope e^{-x^2} (its f is sqrt(pi)/2 erf),
    trusted over the whole float range, its slope rate -2x clipped so that it stays finite."""
    from scipy.special import erf

    from lstmnotes import activations

    top = float(np.finfo(np.float64).max)
    return activations.from_callables(
        "gauss",
        lambda x: np.sqrt(np.pi) / 2 * erf(x),
        lambda x: np.exp(-x * x),
        slope_max=1,
        slope_argmax=0,
        fsecond=lambda x: -2 * (x * np.exp(-x * x)),
        even_slope=True,
        tail_gains=(0, 0),
        net_limit=top,
        slope_rate=lambda x: -2 * np.clip(x, -top / 2, top / 2),
    )


@pytest.fixture
def plotly_spec():
    """Read back the data and layout that an explorable figure's HTML passes to ``Plotly.newPlot``."""

    def read(html: str, div_id: str) -> tuple[list, dict]:
        import json

        decoder = json.JSONDecoder()
        start = html.index("Plotly.newPlot(")
        rest = html[html.index(f'"{div_id}"', start) + len(div_id) + 2 :].lstrip().removeprefix(",")
        data, end = decoder.raw_decode(rest.lstrip())
        rest = rest.lstrip()[end:].lstrip().removeprefix(",").lstrip()
        layout, _ = decoder.raw_decode(rest)
        return data, layout

    return read


ROLE_BAD: list[object] = [
    "3",
    b"3",
    None,
    3j,
    True,
    datetime.date(2000, 1, 1),
    datetime.timedelta(1),
    np.array(["3"], dtype=object),
]
"""Values that are no real number and no count: each public argument refuses them with a TypeError."""

_AT_ONCE = 0.5
"""CPU seconds within which a refusal must come."""


def _refusal(call: Callable[[object], object], value: object, error: type[Exception], name: str):
    def check() -> None:
        start = time.process_time()
        with pytest.raises(error, match=re.escape(name)):
            call(value)
        assert_fast(start, _AT_ONCE)

    return check


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``role_refusal`` from the test module's table of arguments.

    A part's ``test_roles.py`` lists ``CASES``: ``(call, name, limit)``, where ``call`` takes the one
    argument under test, ``name`` is the name the error must carry and ``limit`` the largest allowed count
    (``None`` where there is none); optionally ``NONE_ALLOWED`` (arguments for which ``None`` is a valid
    default), ``BAD`` (in place of {py:data}`ROLE_BAD`) and ``STRING_NAMES`` (arguments that take a name,
    for which a string is an unknown name: a ValueError). Each case becomes one check per bad value, a
    TypeError naming the argument, and for a limit one check of ``limit + 1``, a ValueError naming it; every
    refusal within half a CPU second.
    """
    if "role_refusal" not in metafunc.fixturenames:
        return
    module = metafunc.module
    bad = getattr(module, "BAD", ROLE_BAD)
    string_names = getattr(module, "STRING_NAMES", set())
    checks, ids = [], []
    for cases, values in (
        (module.CASES, bad),
        (getattr(module, "NONE_ALLOWED", []), [v for v in bad if v is not None]),
    ):
        for i, (call, name, limit) in enumerate(cases):
            for value in values:
                named = name in string_names and isinstance(value, str)
                checks.append(_refusal(call, value, ValueError if named else TypeError, name))
                ids.append(f"{i}-{name}-{type(value).__name__}")
            if limit is not None:
                checks.append(_refusal(call, limit + 1, ValueError, name))
                ids.append(f"{i}-{name}-beyond-{limit}")
    metafunc.parametrize("role_refusal", checks, ids=ids)


def _mark_timed(items: list[pytest.Item]) -> None:
    """Mark ``timed`` the tests that state a time ({py:func}`_timing.assert_fast`), for the bench to run
    them again with the times enforced."""
    for item in items:
        function = getattr(item, "function", None)
        if function is None:
            continue
        try:
            source = inspect.getsource(function)
        except (OSError, TypeError):
            continue
        if "assert_fast(" in source or "role_refusal" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.timed)
