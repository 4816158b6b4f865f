"""`pagecache.bounded.slot`: at most `limit` holders of a kind at once, the rest refused at once."""

import threading

import pytest
from django.db import connections

from pagecache import bounded

pytestmark = pytest.mark.django_db(transaction=True)


def hold(kind: str, limit: int, taken: threading.Event, release: threading.Event, per_process: int = 1):
    try:
        with bounded.slot(kind, limit, per_process=per_process):
            taken.set()
            release.wait(10)
    except bounded.Busy:
        taken.set()
    finally:
        connections.close_all()


def test_a_second_holder_is_refused_at_once_and_the_slot_is_free_after_the_first():
    with bounded.slot("job", 1), pytest.raises(bounded.Busy), bounded.slot("job", 1):
        pass
    with bounded.slot("job", 1):
        pass


def test_kinds_have_slots_of_their_own():
    with bounded.slot("one", 1), bounded.slot("other", 1):
        pass


def test_a_limit_of_two_lets_two_jobs_through_and_refuses_the_third():
    taken, release = threading.Event(), threading.Event()
    first = threading.Thread(target=hold, args=("pair", 2, taken, release, 3))
    first.start()
    try:
        assert taken.wait(10)
        # The second slot, then none: in the same thread too (PostgreSQL's session locks are re-entrant).
        with (
            bounded.slot("pair", 2, per_process=3),
            pytest.raises(bounded.Busy),
            bounded.slot("pair", 2, per_process=3),
        ):
            pass
    finally:
        release.set()
        first.join()


def test_a_failure_inside_a_slot_frees_it():
    with pytest.raises(ZeroDivisionError), bounded.slot("failing", 1):
        raise ZeroDivisionError
    with bounded.slot("failing", 1):
        pass
