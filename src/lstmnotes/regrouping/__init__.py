"""The regrouped product of the corrected eq. (3.2), and what it implies (the regrouping chapter).

The part has no numerics of its own: it uses those of {py:mod}`lstmnotes.local_gain` and
{py:mod}`lstmnotes.flow`. The sympy side is {py:mod}`lstmnotes.regrouping.symbolic`; the evidence, one
concept a module: {py:mod}`lstmnotes.regrouping.evidence_regrouped` (slip 2, the chapter's running net),
{py:mod}`lstmnotes.regrouping.evidence_times` (slip 3), {py:mod}`lstmnotes.regrouping.evidence_two_units`
(the two-unit counter-example and search), {py:mod}`lstmnotes.regrouping.evidence_typical` (random nets
of many units), {py:mod}`lstmnotes.regrouping.evidence_vanishing` (P16, A6) and
{py:mod}`lstmnotes.regrouping.evidence_conditions` (X30, X31); the claims are in
{py:mod}`lstmnotes.regrouping.claims`.
"""

from __future__ import annotations

from lstmnotes.domain import Domain

__all__ = ["DOMAIN"]

DOMAIN: tuple[Domain, ...] = ()
"""No rows: the part exports no numerics (its evidence states its own limits in its docstrings)."""
