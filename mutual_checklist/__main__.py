"""`python -m mutual_checklist` runs the same entry point as the `mutual-checklist` command."""
import sys

from mutual_checklist.app import main

sys.exit(main())
