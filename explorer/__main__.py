"""`python -m explorer` runs the same program as `changelog-explorer`."""

import sys

from explorer.cli import main

sys.exit(main())
