"""``python -m kraftsamling``: the same command line as ``kraftsamling``."""

from kraftsamling.cli import main

main()
