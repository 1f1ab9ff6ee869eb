"""The matrix form against the recursion (P11), and the column-row reading of its layout (slip 4)."""

from __future__ import annotations

import numpy as np

from lstmnotes.bounds import evidence_matrix_form as evidence


def test_matrix_form_agreement():
    m = evidence.matrix_form_agreement(2, 3)
    assert m.all_equal
    assert m.cases == ((1, 2), (1, 3), (2, 2), (2, 3))


def test_column_row_reading():
    r = evidence.column_row_reading_counterexample()
    W = np.array(r.W)
    assert r.paper_W_v == tuple(W[:, r.v]) == r.W_e_v_row_column
    assert r.W_e_v_column_row == tuple(W[r.v, :])  # the weights into v
    assert not r.reading_consistent
    # the wrong flow by hand: row u of W, then W^T in the middle, then column v of W
    F = np.array(r.flow_W, dtype=float)
    literal = F[r.flow_u] @ np.linalg.matrix_power(F.T, r.q - 2) @ F[:, r.flow_v]
    true = np.linalg.matrix_power(F, r.q)[r.flow_u, r.flow_v]
    assert (r.column_row_flow, r.true_flow) == (literal, true)
    assert literal != true
    assert r.q == 3  # at q = 2 there is no middle matrix, so both readings agree
