"""``python -m kpis``: see :mod:`kpis.pipeline.cli`."""

import sys

from kpis.pipeline.cli import main

if __name__ == "__main__":
    sys.exit(main())
