"""Organisations, user accounts, roles, sessions and API tokens."""
