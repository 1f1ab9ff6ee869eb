"""The regrouped product of the corrected eq. (3.2), and what it implies (the regrouping chapter).

{py:mod}`lstmnotes.regrouping.symbolic`, {py:mod}`lstmnotes.regrouping.evidence`, {py:mod}`lstmnotes.regrouping.claims` hold the rest of the part.
"""

from __future__ import annotations

__all__ = []
