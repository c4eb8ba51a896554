"""``python -m studyguide``: the same as the ``studyguide`` command."""

import sys

from studyguide.cli import main

sys.exit(main())
