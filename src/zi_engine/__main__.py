"""``python -m zi_engine`` runs the command line."""

from ._cli import main

raise SystemExit(main())
