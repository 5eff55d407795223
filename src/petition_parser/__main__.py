"""``python -m petition_parser``: the same as the ``petition-parser`` command."""

import sys

from ._cli import main

sys.exit(main())
