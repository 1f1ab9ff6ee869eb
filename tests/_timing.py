"""How long a call may take: stated in the tests, enforced by the bench only.

A test that states a time (a refusal that must come at once, a search that must stay linear) calls
``assert_fast``. In the tests session the statement is only recorded: the call's behaviour is what the
test checks, and a timing on a loaded machine is no verdict. ``nox -s bench`` runs these tests again, one
at a time, with ``LSTMNOTES_TIMED=1``, and there a call above its time fails.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

ENFORCED = os.environ.get("LSTMNOTES_TIMED") == "1"
"""Whether the times are checked (the bench) or only stated (the tests session)."""


def assert_fast(start: float, limit: float, clock: Callable[[], float] = time.process_time) -> None:
    """Fail, where times are enforced, if more than ``limit`` seconds of ``clock`` passed since ``start``."""
    elapsed = clock() - start
    if ENFORCED:
        assert elapsed < limit, f"took {elapsed:.2f} s, above the {limit} s allowed"
