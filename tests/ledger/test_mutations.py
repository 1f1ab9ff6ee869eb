"""The claim ledger's checks, unperturbed and mutated: every check decides its stated verdict, and notices a
plausible slip in the mathematics it rests on.

Each test changes one library function the way a reader or an author could get it wrong (a transposed
index, a flipped sign, a moved constant, a missing factor, a dropped term, a wrong derivative), patched
where the check looks it up, and asserts that the claim's computed verdict moves away from the stated one.
A check that no such change can move decides nothing. The mutation tests live beside the claims, in
``tests/<part>/test_claims*.py``, named ``test_<claim id>_notices_<the slip>``;
{py:func}`test_every_claim_has_a_mutation_test` fails for a registered claim without one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lstmnotes import ledger as claims
from lstmnotes.ledger import Verdict, evaluate

claims.collect()
IDS = sorted(claims.CLAIMS, key=claims._order)


def _flipped(claim_id: str) -> Verdict:
    """The claim's verdict under the current patches, asserted to differ from the stated (unperturbed) one."""
    result = evaluate(claim_id)
    assert result.evidence.verdict is not result.claim.stated, result.evidence.summary
    return result.evidence.verdict


@pytest.mark.parametrize("claim_id", IDS)
def test_unperturbed_verdict_is_the_stated_one(claim_id):
    result = evaluate(claim_id)
    assert result.evidence.verdict is result.claim.stated, result.evidence.summary


def test_every_claim_has_a_mutation_test():
    # Mutation tests live beside the claims they test: tests/<part>/test_claims*.py.
    pattern = re.compile(r"^def (test_([a-z]+\d+)_notices_\w+)", re.MULTILINE)
    sources = sorted(Path(__file__).parents[1].glob("*/test_claims*.py"))
    found = [m for path in sources for m in pattern.finditer(path.read_text())]
    names = [m.group(1) for m in found]
    assert len(names) == len(set(names)), "two mutation tests share a name"
    covered = {m.group(2).upper() for m in found}
    assert set(IDS) - covered == set(), "claims without a mutation test"
    assert covered - set(IDS) == set(), "mutation tests for unknown claims"
