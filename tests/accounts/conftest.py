"""A web app over the test database, with demo accounts, a fake clock and cheap argon2."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from web_support import client, clock, seeded

__all__ = ["client", "clock", "seeded"]
