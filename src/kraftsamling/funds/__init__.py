"""The call-off fund: budget frames, delegation rules, call-offs, assessment, payments, ledger."""
