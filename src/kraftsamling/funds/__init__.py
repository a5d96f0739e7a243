"""The call-off fund: budget frames, call-offs, assessment, decisions, payments and a ledger
that cannot overspend."""
