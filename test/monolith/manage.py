#!/usr/bin/env python3
"""Django's command-line utility for administrative tasks."""
import os
import sys


def main():
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "monolith.settings")
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Use Debian's /usr/bin/python3 "
            "(python3-django) to run this project."
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
