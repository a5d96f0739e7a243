"""Kraftsamling: run a municipality's concentrated efforts for children and youth.

Area analysis and the vulnerability index, targeting, the call-off fund, follow-up
and consultations. See ``README.md`` for the two commands and the capabilities.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kraftsamling")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
