"""The search order over 0/1 matrices that the exhaustive searches share."""

from __future__ import annotations

import itertools

import numpy as np

from lstmnotes.flow import evidence


def test_binary_matrices_fewest_ones_first_then_in_order():
    found = [evidence.as_ints(W) for W in evidence.binary_matrices(2)]
    assert len(found) == len(set(found)) == 2**4 - 1  # every 0/1 matrix but zero, once
    ones = [sum(map(sum, W)) for W in found]
    assert ones == sorted(ones)
    for count, group in itertools.groupby(found, key=lambda W: sum(map(sum, W))):
        flat = [tuple(x for row in W for x in row) for W in group]
        assert flat == sorted(flat, reverse=True), count  # the ones move right, cell by cell


def test_as_ints_gives_nested_tuples():
    assert evidence.as_ints(np.array([[1.0, 0.0], [-2.0, 3.0]])) == ((1, 0), (-2, 3))
