"""Bisection in multiple precision for the fixed-point oracles: the midpoint is the geometric mean where the
ends differ by more than a factor 4, so that a bracket spanning many binades (up to 1.8e308, down to
subnormal roots) takes a few hundred steps at most."""

from __future__ import annotations

from collections.abc import Callable

import mpmath


def bracket(lo, hi, s_lo: int, sign: Callable[[object], int], bits: int, relative, floor):
    """A bracket ``(lo, hi)`` of the root of a function whose sign ``sign`` gives (``s_lo`` at ``lo``, the
    other at ``hi``), narrowed at ``bits`` bits to ``relative`` of itself plus ``floor``; ``(mid, mid)``
    where the sign at a midpoint is exactly zero."""
    with mpmath.workprec(bits):
        lo, hi = mpmath.mpf(lo), mpmath.mpf(hi)
        while hi - lo > max(abs(lo), abs(hi)) * relative + floor:
            if lo < 0 < hi:
                mid = mpmath.mpf(0)
            elif lo >= 0 and hi > 4 * max(lo, floor):
                mid = mpmath.sqrt(max(lo, floor) * hi)
            elif hi <= 0 and lo < 4 * min(hi, -floor):
                mid = -mpmath.sqrt(min(hi, -floor) * lo)
            else:
                mid = (lo + hi) / 2
            s = sign(mid)
            if s == 0:
                return mid, mid
            lo, hi = (mid, hi) if s == s_lo else (lo, mid)
        return lo, hi
