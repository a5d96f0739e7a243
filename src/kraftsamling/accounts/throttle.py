"""Log-in throttling by an increasing delay, never a lock-out.

Failed log-ins are counted per (e-mail, client address) inside ``AuthPolicy.failure_window``.
The first ``max_failures - 1`` failures cost nothing. From the ``max_failures``-th on, every
further attempt for that e-mail from that address, the right password included, must wait
after the last failure: ``FIRST_DELAY``, then twice as long after each further failure, but
never more than ``MAX_DELAY``. An attempt made while waiting is answered at once, without
checking the password and without counting as a failure, so guessing stays slow.

A hard lock (refusing even the right password for the whole window) would let anyone behind
the city's shared network address lock a colleague out for a quarter of an hour by typing
wrong passwords on their e-mail address; with the delay, the colleague waits at most
``MAX_DELAY`` after the last wrong attempt. An admin can also lift the delay for an account
(:func:`kraftsamling.accounts.service.unlock_login`): failures before the unlock stop counting.
"""

from __future__ import annotations

import datetime as dt
import math

FIRST_DELAY = dt.timedelta(seconds=2)
MAX_DELAY = dt.timedelta(seconds=60)


def delay_after(failures: int, max_failures: int) -> dt.timedelta:
    """How long to wait after the last of ``failures`` recent failures.

    >>> [delay_after(n, 5).seconds for n in (0, 4, 5, 6, 7, 10, 11, 50)]
    [0, 0, 2, 4, 8, 60, 60, 60]
    """
    over = failures - max_failures
    if over < 0:
        return dt.timedelta(0)
    if over >= 10:  # 2 s x 2**10 is far past the cap; no huge powers
        return MAX_DELAY
    return min(FIRST_DELAY * 2**over, MAX_DELAY)


def wait_seconds(
    failures: int, last_failure: dt.datetime | None, now: dt.datetime, max_failures: int
) -> int:
    """Whole seconds (rounded up) until the next attempt may be checked; 0 when it may now.

    >>> t = dt.datetime(2026, 1, 1, 12, 0, 0)
    >>> wait_seconds(5, t, t + dt.timedelta(seconds=0.5), 5), wait_seconds(5, t, t, 4)
    (2, 4)
    >>> wait_seconds(5, t, t + dt.timedelta(seconds=2), 5), wait_seconds(3, t, t, 5)
    (0, 0)
    """
    if last_failure is None:
        return 0
    remaining = (last_failure + delay_after(failures, max_failures) - now).total_seconds()
    return max(0, math.ceil(remaining))
