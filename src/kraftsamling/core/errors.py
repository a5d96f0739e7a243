"""The domain exception tree. Every error a user can act on is one of these.

    KraftsamlingError           base; never raised itself
    +-- NotFound                a named object (area, indicator, spec, file) does not exist
    +-- PermissionDenied        the user may not do this to this object
    +-- InvalidInput            input was read but breaks a rule (file, form, spec, argument)
    |   +-- ImportFailed        a data import was rejected whole; carries every problem found
    |   +-- SpecError           an index spec is malformed or asks for something impossible
    +-- BudgetExceeded          a payment or call-off would overspend a budget frame
    +-- Conflict                the object changed since the form was shown (a stale form)
    +-- SourceUnavailable       an external statistics service failed or refused after retries

Messages say what was wrong, what was expected and what was given.
"""

from __future__ import annotations

from dataclasses import dataclass


class KraftsamlingError(Exception):
    """Base of every error Kraftsamling raises on purpose.

    The message is English (logs, the command line, the API). An error people meet on a page
    may also carry ``key``, a text in the web catalogues, and ``params`` for its placeholders:
    pages then show that text in the reader's language.

    >>> err = InvalidInput("k must be at least 1; got 0.", key="targeting.error.k", k=0)
    >>> (str(err), err.key, err.params)
    ('k must be at least 1; got 0.', 'targeting.error.k', {'k': 0})
    """

    def __init__(self, message: str = "", *, key: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.key = key
        self.params = params


class NotFound(KraftsamlingError):
    """Raised when a named object does not exist."""


class PermissionDenied(KraftsamlingError):
    """Raised when the current user may not perform the action."""


class InvalidInput(KraftsamlingError):
    """Raised when input breaks a rule; the message names the rule and the value."""


class SpecError(InvalidInput):
    """Raised when an index spec is malformed or inconsistent."""


class BudgetExceeded(KraftsamlingError):
    """Raised when a payment or call-off would overspend a budget frame."""


class Conflict(KraftsamlingError):
    """Raised when a form or request was made on an older version of the object; nothing changed."""


class SourceUnavailable(KraftsamlingError):
    """Raised when an external statistics service fails after retries."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file, located as precisely as it can be."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class ImportFailed(InvalidInput):
    """Raised when an import is rejected; nothing of it was stored."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        super().__init__(f"Import rejected, nothing was stored. {shown}{more}")
