"""The adversarial searches' common ground: the worst cases a search keeps and how it reports them."""

from __future__ import annotations

from lstmnotes.bounds.evidence import BoundSearch, WorstCase


def _case(ratio, n):
    return WorstCase(ratio, "structured", n, 2, [[1.0] * n] * n, [[0.25] * n] * 2, 0, n - 1)


def test_holds_needs_the_bound_tried_and_never_broken():
    search = BoundSearch({"a": _case(1.0, 1), "b": _case(2.0, 1)}, {"a": 0, "b": 3})
    assert search.holds("a")
    assert not search.holds("b")
    assert not search.holds("c")  # never tried: nothing is shown


def test_summary_data_gives_small_matrices_and_the_multi_unit_worst():
    small, large = _case(0.5, 2), _case(0.9, 4)
    search = BoundSearch({"a": small, "b": large}, {"a": 0, "b": 0}, worst_multi={"a": small})
    data = search.summary_data()
    assert data["a"]["W"] == small.W
    assert data["a"]["slope_sizes"] == [0.25]
    assert data["a"]["multi"] == {"ratio": 0.5, "kind": "structured", "n": 2, "q": 2}
    assert "W" not in data["b"]  # four units: only its size is reported
    assert data["b"]["n"] == 4
