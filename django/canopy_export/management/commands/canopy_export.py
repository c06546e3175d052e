from django.core.management.base import BaseCommand, CommandError

from canopy_export.collect import collect
from canopy_export.output import write_json
from canopy_export.refusals import problems


class Command(BaseCommand):
    help = "Write, as JSON, every setting Canopy's functions mirror; refuse what they cannot mirror, one line per problem."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args, output=None, **options):
        export = collect()
        found = problems(export)
        if found:
            for line in found:
                self.stderr.write(line)
            raise CommandError(f"{len(found)} setting(s) Canopy cannot mirror (above); nothing written.")
        write_json(self, export, output)
