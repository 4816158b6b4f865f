#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster_registry.settings")
    # Commands (migrate, imports, the bench) may run long statements over large data, watched by whoever
    # started them; only requests get the statement limit by default. A value in the environment still wins.
    os.environ.setdefault("DJANGO_DB_STATEMENT_TIMEOUT", "0")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
