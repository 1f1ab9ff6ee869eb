"""The symbolic regrouping of the corrected path term and the check of which weight feeds which net input."""

from __future__ import annotations

import pytest
import sympy

from lstmnotes.regrouping.symbolic import pairing_table, regrouped_product, weight_feeds


@pytest.mark.parametrize("q", [1, 2, 3, 6])
def test_regrouping_is_an_identity(q):
    r = regrouped_product(q)
    assert r.identical
    assert len(r.corrected) == q
    assert len(r.pairs) == q - 1
    # every weight of the corrected product is used exactly once by the regrouping
    corrected_weights = [w for _, w in r.corrected]
    regrouped_weights = [r.head] + [w for _, w in r.pairs]
    assert corrected_weights == regrouped_weights
    corrected_slopes = [f for f, _ in r.corrected]
    assert corrected_slopes == [f for f, _ in r.pairs] + [r.tail]


def test_regrouped_pairs_pair_slope_m_with_weight_from_m_to_m_plus_1():
    r = regrouped_product(3)
    assert [sympy.latex(w) for _, w in r.pairs] == ["w_{l_{1} l_{2}}", "w_{l_{2} l_{3}}"]
    assert sympy.latex(r.head) == "w_{l_{0} l_{1}}"
    assert sympy.latex(r.tail) == "f'_{l_{3}}(t-3)"


def test_regrouping_latex():
    text = regrouped_product(2).latex()
    assert text.count(r"\big(") == 3
    assert r"w_{l_{0} l_{1}}\,\big(f'_{l_{1}}(t-1)\,w_{l_{1} l_{2}}\big)\,f'_{l_{2}}(t-2)" in text


@pytest.mark.parametrize(
    ("q", "error"), [(0, ValueError), (13, ValueError), (2.0, TypeError), (True, TypeError)]
)
def test_regrouping_refuses_bad_q(q, error):
    with pytest.raises(error, match="q must be an integer"):
        regrouped_product(q)


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_weight_feeds_counts(n):
    # printed and regrouped weights always enter net_{l_m}; the corrected one only on a self-loop,
    # l_{m-1} = l_m, which leaves l_{m+1} free: n * n of the n^3 triples
    check = weight_feeds(n)
    assert check.cases == n**3
    assert check.feeding == {"printed": n**3, "corrected": n**2, "regrouped": n**3}
    assert all(check.inputs_match.values())


def test_weight_feeds_refuses_bad_n():
    with pytest.raises(ValueError, match=r"n must be an integer in 1\.\.6"):
        weight_feeds(7)


def test_pairing_table_lists_the_counts():
    table = pairing_table(2)
    assert r"\text{feeds} & 8/8 & 4/8 & 8/8" in table
    assert r"\text{pairs} & q & q & q - 1" in table
