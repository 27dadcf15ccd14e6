import pytest
from django_fsm import TransitionNotAllowed, can_proceed

from reports.models import ListedDetainer
from tests.factories import ListedDetainerFactory

S = ListedDetainer.State
TRANSITIONS = (
    "open_dispute",
    "submit_evidence",
    "correct",
    "uphold",
    "appeal",
    "correct_on_appeal",
    "uphold_on_appeal",
)
ALLOWED = {
    (S.LISTED, "open_dispute"): S.DISPUTED,
    (S.DISPUTED, "submit_evidence"): S.EVIDENCE_SUBMITTED,
    (S.EVIDENCE_SUBMITTED, "correct"): S.CORRECTED,
    (S.EVIDENCE_SUBMITTED, "uphold"): S.UPHELD,
    (S.UPHELD, "appeal"): S.APPEALED,
    (S.APPEALED, "correct_on_appeal"): S.CORRECTED,
    (S.APPEALED, "uphold_on_appeal"): S.UPHELD_FINAL,
}


def entry_in(state: str) -> ListedDetainer:
    entry = ListedDetainerFactory()
    ListedDetainer.objects.filter(pk=entry.pk).update(state=state)
    return ListedDetainer.objects.get(pk=entry.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("state", S.values)
@pytest.mark.parametrize("name", TRANSITIONS)
def test_each_transition_is_allowed_only_from_its_source_state(state, name):
    entry = entry_in(state)
    method = getattr(entry, name)
    target = ALLOWED.get((state, name))
    assert can_proceed(method) is (target is not None)
    if target is None:
        with pytest.raises(TransitionNotAllowed):
            method()
        assert entry.state == state
    else:
        method()
        assert entry.state == target


@pytest.mark.django_db
def test_state_field_cannot_be_assigned_directly():
    entry = ListedDetainerFactory()
    with pytest.raises(AttributeError):
        entry.state = S.CORRECTED


@pytest.mark.django_db
def test_a_stale_copy_cannot_overwrite_a_newer_transition():
    from django_fsm import ConcurrentTransition

    entry = ListedDetainerFactory()
    stale = ListedDetainer.objects.get(pk=entry.pk)
    entry.open_dispute()
    entry.save()
    stale.open_dispute()
    ListedDetainer.objects.filter(pk=entry.pk).update(state=S.EVIDENCE_SUBMITTED)
    with pytest.raises(ConcurrentTransition):
        stale.save()
