"""The exact masked product behind the ReLU claim (X85), against plain ``Fraction`` arithmetic."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from lstmnotes.beyond_logistic.evidence import _masked_product


def _by_fractions(W: np.ndarray, slopes: np.ndarray) -> list[list[Fraction]]:
    n = W.shape[0]
    M = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    for row in slopes:  # M <- F'(s) W^T M
        M = [
            [
                sum(
                    (
                        Fraction(float(row[i])) * Fraction(float(W[k, i])) * M[k][j]
                        for k in range(n)
                    ),
                    Fraction(0),
                )
                for j in range(n)
            ]
            for i in range(n)
        ]
    return M


@pytest.mark.parametrize("seed", range(40))
def test_the_integer_product_is_the_rational_one(seed):
    rng = np.random.default_rng(seed)
    n, q = int(rng.integers(1, 6)), int(rng.integers(1, 10))
    W = rng.normal(0.0, 1.0, (n, n)) * np.exp2(rng.integers(-70, 70, (n, n)))
    W[rng.random((n, n)) < 0.2] = 0.0
    W.flat[-1] = [5e-324, -(2.0**-1022), 1.0, -0.0][seed % 4]  # subnormal, smallest normal, one, -0
    slopes = rng.choice([0.0, 1.0, 0.25, 3e-310, 1.5, 2.0**-60], (q, n))
    assert _masked_product(W, slopes) == _by_fractions(W, slopes)
