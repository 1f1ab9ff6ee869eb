"""What the local-gain evidence modules share: the undecided error and the random pairs (y, c)."""

from __future__ import annotations

import numpy as np
import pytest

from lstmnotes.ledger import counterexample_or_none
from lstmnotes.local_gain import evidence as v


def test_random_pairs_lie_in_their_stated_ranges():
    y, c = v._random_pairs(0, 10_000)
    assert y.shape == c.shape == (10_000,)
    assert np.all((np.abs(y) >= v._Y_MIN) & (np.abs(y) <= v._Y_MAX))
    assert np.all(np.abs(c) <= v._C_MAX)
    assert (y < 0).any()
    assert (y > 0).any()


def test_random_pairs_are_fixed_by_their_seed():
    np.testing.assert_array_equal(v._random_pairs(3, 50)[0], v._random_pairs(3, 50)[0])
    assert not np.array_equal(v._random_pairs(3, 50)[1], v._random_pairs(4, 50)[1])


def test_an_undecided_check_is_never_read_as_an_empty_search():
    def undecided():
        raise v.UndecidedError("nothing decided")

    with pytest.raises(v.UndecidedError):
        counterexample_or_none(undecided)
