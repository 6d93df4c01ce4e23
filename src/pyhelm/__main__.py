"""``python -m pyhelm`` runs the CLI, like the ``pyhelm`` console script."""

from pyhelm.cli.main import main

raise SystemExit(main())
