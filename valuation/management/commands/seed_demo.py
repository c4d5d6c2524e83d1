from django.core.management.base import BaseCommand
from django.db.models import F

from microsystems.data_versions import EVERYTHING, configuration_changed, units_changed
from microsystems.demo import (
    DEMO_PASSWORD,
    seed_activities,
    seed_demand_and_staff,
    seed_microsystems,
)
from microsystems.models import Microsystem
from stakeholders.demo import seed_stakeholders
from valuation.demo.assessments import freeze_approved_assessments, seed_assessments
from valuation.demo.improvements import seed_improvements
from valuation.demo.measures import seed_measures
from valuation.demo.perspectives import seed_weights_and_judgements
from valuation.models import Assessment


class Command(BaseCommand):
    help = "Load believable demo data. Safe to run again: it only adds what is missing."

    def handle(self, *args, **options) -> None:
        # Each app seeds its own part, in dependency order.
        logins = seed_microsystems()
        seed_demand_and_staff()
        seed_activities()
        seed_stakeholders()
        seed_measures()
        seed_assessments()
        seed_weights_and_judgements()
        seed_improvements()
        # The seeders write in bulk, which sends no signal: every cached report
        # of every unit is out of date.
        units_changed(Microsystem.objects.all(), operations=True, kind=EVERYTHING)
        Assessment.objects.update(
            inputs_version=F("inputs_version") + 1,
            activity_judgements_version=F("activity_judgements_version") + 1,
        )
        configuration_changed()
        # Last: an approved assessment stores what it was approved on.
        freeze_approved_assessments()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in with:"))
        for login in logins:
            self.stdout.write(f"  {login.username:<10} / {DEMO_PASSWORD}   ({login.role})")
