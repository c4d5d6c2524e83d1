"""Demo data for the microsystems app: one organisation with four units and three
users, three years of monthly demand and the staff of each unit; and a second
organisation with its own unit and people, so the demo shows that people of one
organisation never see another's.

Idempotent: objects are found by their natural keys and created only when
missing, so a second run changes nothing.
"""

import math
import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from microsystems.demo_data import ACTIVITIES, DEMAND, STAFF
from microsystems.models import (
    DemandObservation,
    DemandType,
    Membership,
    Microsystem,
    Organisation,
    StaffRole,
)
from microsystems.services.activities import EffortInput, activity_create

DEMO_PASSWORD = "demo-pass-2026"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str


DEMO_USERS = [
    # username, first, last, email, staff?
    ("leader", "Sam", "Okafor", "sam.okafor@example.org", False),
    ("manager", "Alex", "Morgan", "alex.morgan@example.org", False),
    ("admin", "Jo", "Reid", "jo.reid@example.org", True),
    ("trust-manager", "Priya", "Nair", "priya.nair@example.org", False),
    ("trust-leader", "Dana", "Whitfield", "dana.whitfield@example.org", False),
    # Team members of the two units without a team leader, so those units have people
    # (an improvement idea's owner is one of its unit's people).
    ("reception", "Grace", "Mensah", "grace.mensah@example.org", False),
    ("admissions", "Tom", "Price", "tom.price@example.org", False),
]

# The second organisation: its own manager and team leader, one unit. Its unit is
# not in MICROSYSTEMS, so the demand, stakeholder and assessment demos leave it be.
SECOND_ORGANISATION = {
    "slug": "southvale-health-care",
    "name": "Southvale Health and Care Trust",
    "description": "A community health trust in the next district, trying the tool on its own.",
    "manager": "trust-manager",
}
SECOND_ORGANISATION_MICROSYSTEMS = [
    {
        "slug": "southvale-district-nursing",
        "name": "Southvale District Nursing",
        "lead": "trust-leader",
        "purpose": "Nursing care at home for housebound adults: wound care, injections, "
        "catheter care, end-of-life care.",
        "public_value_goal": "People stay safely at home, with dignity, instead of going into "
        "hospital or a care home before they need to.",
        "people_served": "About 900 housebound adults on the caseload at any time.",
        "professionals": "Two team leaders, fourteen district nurses, six healthcare assistants.",
        "processes": "Referral triage, first assessment visit, planned visits, urgent visits, "
        "discharge from the caseload.",
        "patterns": "Visits cancelled when patients are not told the time; repeat referrals "
        "after early discharge from hospital.",
    },
]

ORGANISATION = {
    "slug": "northbridge-public-services",
    "name": "Northbridge Public Services Partnership",
    "description": (
        "The city council's community services directorate and the local NHS primary care "
        "division, reviewing their front-line units together."
    ),
}

MICROSYSTEMS = [
    {
        "slug": "eastfield-library",
        "name": "Eastfield Library",
        "lead": "leader",
        "purpose": "A neighbourhood library open six days a week: lending, study space, "
        "children's reading, job-search help and free public computers.",
        "public_value_goal": "A trusted, free, open place where anyone in Eastfield can read, "
        "learn, get online and take part in community life, whatever their income.",
        "people_served": "About 9,000 registered members; many older residents, families with "
        "young children, job seekers and students without space to study at home.",
        "professionals": "Branch librarian, three library assistants (2.6 FTE), a digital "
        "inclusion volunteer coordinator and about 12 volunteers.",
        "processes": "Lending and returns, reservations, rhyme-time and homework clubs, "
        "computer booking and digital help, room hire, outreach to care homes.",
        "patterns": "Queues for computers every morning; summer reading peak; repeat visits "
        "from people who could not complete online benefit forms alone.",
    },
    {
        "slug": "north-housing-repairs",
        "name": "North Area Housing Repairs",
        "lead": "leader",
        "purpose": "Takes repair requests from council tenants in the north area, diagnoses "
        "them, books operatives and makes sure the repair is done right first time.",
        "public_value_goal": "Safe, warm, dry homes for tenants, with repairs done right first "
        "time so that tenants do not have to chase and money is not spent twice.",
        "people_served": "3,400 council households, including many older and disabled tenants.",
        "professionals": "Repairs team leader, four call handlers, two surveyors, a scheduler; "
        "operatives are managed by the contractor.",
        "processes": "Take the request, diagnose by phone or visit, raise the works order, "
        "schedule, complete, check satisfaction.",
        "patterns": "Many 'where is my repair?' calls; damp and mould reports rise every "
        "winter; repeat visits when the first diagnosis was wrong.",
    },
    {
        "slug": "riverside-gp-reception",
        "name": "Riverside Surgery Reception",
        "lead": None,
        "members": ["reception"],
        "purpose": "The front desk and phone line of a GP practice: appointments, "
        "prescriptions, test results and signposting.",
        "public_value_goal": "Patients get the right help from the right person first time, "
        "fairly and safely, including those who find phones or apps hard.",
        "people_served": "11,500 registered patients; a large number of older patients and "
        "patients whose first language is not English.",
        "professionals": "Reception manager, six receptionists / care navigators, a "
        "prescriptions clerk.",
        "processes": "Morning phone queue, online consultation triage, repeat prescriptions, "
        "results calls, walk-in enquiries.",
        "patterns": "8am phone rush; patients calling back when no appointment is left; "
        "prescription queries that follow pharmacy delays.",
    },
    {
        "slug": "school-admissions",
        "name": "School Admissions Office",
        "lead": None,
        "members": ["admissions"],
        "purpose": "Coordinates applications for school places across the city, handles "
        "in-year transfers and runs admission appeals.",
        "public_value_goal": "Every child gets a fair, lawful and timely offer of a school "
        "place, and families understand how decisions were made.",
        "people_served": "About 7,000 families applying each year, schools and academy trusts.",
        "professionals": "Admissions manager, five admissions officers, an appeals clerk.",
        "processes": "Application window, allocation run, national offer day, waiting lists, "
        "in-year applications, appeals.",
        "patterns": "Huge peaks around closing dates and offer days; many calls asking whether "
        "an application was received.",
    },
]


@transaction.atomic
def seed_microsystems() -> list[DemoLogin]:
    User = get_user_model()
    users = {}
    for username, first, last, email, staff in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": email,
                "is_staff": staff,
                "is_superuser": staff,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users[username] = user

    organisation, _ = Organisation.objects.get_or_create(
        slug=ORGANISATION["slug"],
        defaults={"name": ORGANISATION["name"], "description": ORGANISATION["description"]},
    )
    organisation.managers.add(users["manager"])

    for spec in MICROSYSTEMS:
        fields = {k: v for k, v in spec.items() if k not in {"slug", "lead", "members"}}
        microsystem, _ = Microsystem.objects.get_or_create(
            slug=spec["slug"], defaults={"organisation": organisation, **fields}
        )
        if spec["lead"]:
            Membership.objects.get_or_create(
                user=users[spec["lead"]],
                microsystem=microsystem,
                defaults={"role": Membership.Role.LEAD},
            )
        for username in spec.get("members", []):
            Membership.objects.get_or_create(
                user=users[username],
                microsystem=microsystem,
                defaults={"role": Membership.Role.MEMBER},
            )

    second, _ = Organisation.objects.get_or_create(
        slug=SECOND_ORGANISATION["slug"],
        defaults={
            "name": SECOND_ORGANISATION["name"],
            "description": SECOND_ORGANISATION["description"],
        },
    )
    second.managers.add(users[SECOND_ORGANISATION["manager"]])
    for spec in SECOND_ORGANISATION_MICROSYSTEMS:
        fields = {k: v for k, v in spec.items() if k not in {"slug", "lead"}}
        microsystem, _ = Microsystem.objects.get_or_create(
            slug=spec["slug"], defaults={"organisation": second, **fields}
        )
        Membership.objects.get_or_create(
            user=users[spec["lead"]],
            microsystem=microsystem,
            defaults={"role": Membership.Role.LEAD},
        )

    return [
        DemoLogin("leader", "team leader of Eastfield Library and North Area Housing Repairs"),
        DemoLogin("manager", "manager of Northbridge Public Services Partnership"),
        DemoLogin("admin", "administrator (also signs in to /admin/)"),
        DemoLogin("trust-manager", "manager of Southvale Health and Care Trust"),
        DemoLogin("trust-leader", "team leader of Southvale District Nursing"),
        DemoLogin("reception", "team member of Riverside Surgery Reception"),
        DemoLogin("admissions", "team member of School Admissions Office"),
    ]


DEMO_MONTHS = 36


def _demo_months(today: date, count: int) -> list[date]:
    """The `count` complete months before the current one, oldest first."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append(date(year, month, 1))
    return months[::-1]


def _demo_volume(spec: tuple, month_index: int, month: int, noise: random.Random) -> int:
    base, growth, swing, peak = spec[5], spec[6], spec[7], spec[8]
    trend = base * (1 + growth) ** (month_index / 12)
    season = 1 + swing * math.cos(2 * math.pi * (month - peak) / 12)
    return max(0, round(trend * season * noise.uniform(0.93, 1.07)))


@transaction.atomic
def seed_demand_and_staff(today: date | None = None) -> None:
    """Three years of monthly demand and the staff roles of every demo microsystem."""
    months = _demo_months(today or date.today(), DEMO_MONTHS)
    for slug, specs in DEMAND.items():
        microsystem = Microsystem.objects.get(slug=slug)
        noise = random.Random(slug)  # the same believable wobble on every run
        observations = []
        for spec in specs:
            name, nature, source, unit, minutes = spec[:5]
            demand_type, _ = DemandType.objects.get_or_create(
                microsystem=microsystem,
                name=name,
                defaults={
                    "nature": nature,
                    "source": source,
                    "unit": unit,
                    "handling_minutes": minutes,
                },
            )
            observations += [
                DemandObservation(
                    demand_type=demand_type,
                    period_start=month,
                    volume=_demo_volume(spec, index, month.month, noise),
                )
                for index, month in enumerate(months)
            ]
        # Periods already present keep their values: a second run changes nothing.
        DemandObservation.objects.bulk_create(observations, ignore_conflicts=True)
        for title, fte, hours, cost, skills, new_uses in STAFF[slug]:
            StaffRole.objects.get_or_create(
                microsystem=microsystem,
                title=title,
                defaults={
                    "fte": Decimal(fte),
                    "hours_per_fte": Decimal(hours),
                    "hourly_cost": Decimal(cost),
                    "skills": skills,
                    "new_uses": new_uses,
                },
            )


@transaction.atomic
def seed_activities() -> None:
    """Activities of every demo microsystem, through the same service the pages use."""
    for slug, specs in ACTIVITIES.items():
        microsystem = Microsystem.objects.get(slug=slug)
        existing = set(microsystem.activities.values_list("name", flat=True))
        demand_types = {d.name: d for d in microsystem.demand_types.all()}
        roles = {r.title: r for r in microsystem.staff_roles.all()}
        for name, classification, preventive, other, contribution, handles, hours in specs:
            if name in existing:
                continue
            activity_create(
                microsystem=microsystem,
                data={
                    "name": name,
                    "classification": classification,
                    "preventive": preventive,
                    "other_costs": Decimal(other),
                    "contribution": contribution,
                },
                demand_types=[demand_types[type_name] for type_name in handles],
                efforts=[
                    EffortInput(staff_role=roles[title], hours_per_period=Decimal(value))
                    for title, value in hours.items()
                ],
            )
