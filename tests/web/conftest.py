"""A web app over the test database, with demo accounts, a fake clock and cheap argon2."""

from web_support import client, clock, seeded

__all__ = ["client", "clock", "seeded"]
