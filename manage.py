#!/usr/bin/env python
"""Kept for tools that expect manage.py; users run `portal …` instead."""

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).parent / "site"), str(Path(__file__).parent)]

from portal.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
