#!/usr/bin/env python3
"""Regenerate the pages: the same as ``studyguide generate`` (run it with --help for the options).

Kept so the command named in the README and the pre-commit hook works from a
checkout; the package is installed by the setup step (``make serve`` / ``make test``).
"""

import sys

from studyguide.cli import main

if __name__ == "__main__":
    sys.exit(main(["generate", *sys.argv[1:]]))
