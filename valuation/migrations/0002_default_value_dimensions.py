"""Seed the five default value dimensions (DESIGN.md). Admins may add or retire more."""

from django.db import migrations

DEFAULT_DIMENSIONS = [
    ("Efficiency", "efficiency", "Getting the most from public money, staff time and other resources."),
    ("Effectiveness", "effectiveness", "Achieving the outcomes the service exists for."),
    ("Accountability", "accountability", "Being open about decisions and answerable to the public for them."),
    ("Equity", "equity", "Treating people fairly and reaching those who need the service most."),
    ("Probity", "probity", "Acting honestly and lawfully, with public money and information kept safe."),
]


def add_dimensions(apps, schema_editor):
    ValueDimension = apps.get_model("valuation", "ValueDimension")
    for order, (name, slug, description) in enumerate(DEFAULT_DIMENSIONS, start=1):
        ValueDimension.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order * 10}
        )


def remove_dimensions(apps, schema_editor):
    ValueDimension = apps.get_model("valuation", "ValueDimension")
    ValueDimension.objects.filter(slug__in=[slug for _, slug, _ in DEFAULT_DIMENSIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("valuation", "0001_initial")]

    operations = [migrations.RunPython(add_dimensions, remove_dimensions)]
