"""The latching numerics keep their domain rows: every public function has one, and they state limits."""

from lstmnotes import latching
from lstmnotes.domain import Domain


def test_every_public_function_has_a_domain_row():
    rows = {row.function.__name__ for row in latching.DOMAIN}
    assert all(isinstance(row, Domain) for row in latching.DOMAIN)
    functions = {
        name for name in latching.__all__ if callable(getattr(latching, name)) and name[0].islower()
    }
    assert functions == rows


def test_the_rows_name_the_limits_the_functions_keep():
    for row in latching.DOMAIN:
        assert "MAX_WEIGHT" in row.limits or "MAX_LATCH_STEPS" in row.limits
