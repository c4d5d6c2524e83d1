"""manage.py import_unit EXPORT.zip --organisation SLUG [--lead EMAIL]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from microsystems.models import Organisation
from valuation.services.unit_import import unit_import
from valuation.unit_files import MAX_ZIP_BYTES, ZIP_TOO_LARGE, UnitFileError

NO_ORGANISATION = "There is no organisation with the slug “{slug}”."
NO_FILE = "There is no file “{path}”."


class Command(BaseCommand):
    help = (
        "Take a unit's export ZIP (its Export page, export.zip) into this database as a new "
        "microsystem of an organisation: all of it, or nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("zip_path", help="The ZIP the unit's export gave.")
        parser.add_argument("--organisation", required=True, help="The organisation's slug.")
        parser.add_argument("--lead", default="", help="E-mail of the user who will lead it.")

    def handle(self, *args, zip_path: str, organisation: str, lead: str, **options) -> None:
        path = Path(zip_path)
        if not path.is_file():
            raise CommandError(NO_FILE.format(path=zip_path))
        if path.stat().st_size > MAX_ZIP_BYTES:
            raise CommandError(ZIP_TOO_LARGE.format(name=path.name, limit_mb=MAX_ZIP_BYTES >> 20))
        target = Organisation.objects.filter(slug=organisation).first()
        if target is None:
            raise CommandError(NO_ORGANISATION.format(slug=organisation))
        try:
            imported = unit_import(
                content=path.read_bytes(),
                file_name=path.name,
                organisation=target,
                lead_email=lead,
            )
        except UnitFileError as error:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"- {m}" for m in error.messages)
            ) from None
        unit = imported.microsystem
        self.stdout.write(self.style.SUCCESS(f"Imported “{unit.name}” into {target.name}."))
        if imported.slug_changed:
            self.stdout.write(
                f"The slug “{imported.source_slug}” is taken here, so its address is "
                f"/microsystems/{unit.slug}/."
            )
        for name, count in imported.counts.items():
            self.stdout.write(f"  {name}: {count}")
