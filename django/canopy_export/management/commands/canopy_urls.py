from django.core.management.base import BaseCommand, CommandError

from canopy_export.output import write_json
from canopy_export.resolved import describe


class Command(BaseCommand):
    help = "Write, as JSON, the URL pattern and view (with the view's own classes) that resolve each given path."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="URL paths as clients send them, e.g. /api/orders/1/")
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args, paths, output=None, **options):
        described = {path: describe(path) for path in paths}
        unresolved = [path for path, found in described.items() if found is None]
        for path in unresolved:
            self.stderr.write(f"{path} resolves to no view: check the path, or the monolith's urls.py.")
        if unresolved:
            raise CommandError(f"{len(unresolved)} path(s) resolve to no view (above); nothing written.")
        write_json(self, described, output)
