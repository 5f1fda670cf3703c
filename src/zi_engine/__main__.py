"""``python -m zi_engine`` runs the command line."""

from zi_engine.cli._main import main

raise SystemExit(main())
