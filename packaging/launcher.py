"""Entry point of the bundled application (PyInstaller runs this file)."""

import multiprocessing
import sys

from explorer.cli import main

if __name__ == "__main__":
    # Large files are parsed with a worker process: started from this executable, it must
    # become that worker, not a second application.
    multiprocessing.freeze_support()
    sys.exit(main())
