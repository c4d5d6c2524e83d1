"""Demo data for the microsystems app: one organisation, four units, three users,
three years of monthly demand and the staff of each unit.

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
        fields = {k: v for k, v in spec.items() if k not in {"slug", "lead"}}
        microsystem, _ = Microsystem.objects.get_or_create(
            slug=spec["slug"], defaults={"organisation": organisation, **fields}
        )
        if spec["lead"]:
            Membership.objects.get_or_create(
                user=users[spec["lead"]],
                microsystem=microsystem,
                defaults={"role": Membership.Role.LEAD},
            )

    return [
        DemoLogin("leader", "team leader of Eastfield Library and North Area Housing Repairs"),
        DemoLogin("manager", "manager of Northbridge Public Services Partnership"),
        DemoLogin("admin", "administrator (also signs in to /admin/)"),
    ]


# Demand per demo microsystem: (name, nature, source, unit, handling minutes,
# monthly volume three years ago, growth per year, seasonal swing, peak month).
DEMAND = {
    "eastfield-library": [
        ("Book and media loans", "value", "service_users", "loans", 2, 2600, 0.02, 0.15, 7),
        (
            "Computer and digital help sessions",
            "value",
            "service_users",
            "sessions",
            25,
            420,
            0.08,
            0.10,
            1,
        ),
        (
            "Children's reading and rhyme-time places",
            "value",
            "service_users",
            "places",
            6,
            380,
            0.03,
            0.30,
            8,
        ),
        (
            "Repeat visits to finish online forms",
            "failure",
            "service_users",
            "visits",
            30,
            60,
            0.35,
            0.10,
            1,
        ),
        (
            "Queries about reservations not ready",
            "failure",
            "service_users",
            "queries",
            6,
            120,
            0.10,
            0.05,
            3,
        ),
    ],
    "north-housing-repairs": [
        ("Repair requests", "value", "service_users", "requests", 35, 900, 0.03, 0.20, 1),
        ("Damp and mould reports", "value", "service_users", "reports", 60, 120, 0.12, 0.55, 12),
        ("Calls chasing a repair", "failure", "service_users", "calls", 7, 260, 0.30, 0.20, 1),
        (
            "Repeat visits: wrong first diagnosis",
            "failure",
            "internal",
            "visits",
            90,
            70,
            0.15,
            0.10,
            2,
        ),
        (
            "Regulator and councillor enquiries",
            "value",
            "regulator",
            "enquiries",
            60,
            14,
            0.05,
            0.0,
            6,
        ),
    ],
    "riverside-gp-reception": [
        ("Appointment requests", "value", "service_users", "requests", 4, 5200, 0.04, 0.12, 1),
        (
            "Repeat prescription requests",
            "value",
            "service_users",
            "requests",
            3,
            2300,
            0.02,
            0.05,
            12,
        ),
        (
            "Calls back after no appointment left",
            "failure",
            "service_users",
            "calls",
            4,
            700,
            0.25,
            0.20,
            1,
        ),
        ("Test result queries", "unclassified", "service_users", "queries", 5, 600, 0.05, 0.05, 3),
        ("Referral letters from hospital", "value", "referrals", "letters", 8, 450, 0.03, 0.0, 6),
    ],
    "school-admissions": [
        ("School place applications", "value", "statutory", "applications", 20, 600, 0.01, 0.90, 1),
        (
            "In-year transfer applications",
            "value",
            "service_users",
            "applications",
            40,
            90,
            0.06,
            0.30,
            9,
        ),
        ("Admission appeals", "value", "statutory", "appeals", 180, 25, 0.04, 0.90, 5),
        (
            "Calls asking if an application arrived",
            "failure",
            "service_users",
            "calls",
            5,
            300,
            0.18,
            0.90,
            1,
        ),
    ],
}

# Staff per demo microsystem: (title, FTE, hours per FTE per month, hourly cost, skills, new uses).
STAFF = {
    "eastfield-library": [
        (
            "Branch librarian",
            "1.0",
            "140",
            "26.40",
            "Collections, community partnerships, reading development",
            "Lead a digital-inclusion partnership with the job centre",
        ),
        (
            "Library assistant",
            "2.6",
            "135",
            "17.20",
            "Customer service, lending systems, basic IT help",
            "Run booked one-to-one form-filling sessions instead of drop-ins",
        ),
        (
            "Digital inclusion coordinator",
            "0.5",
            "130",
            "21.00",
            "Teaching IT skills, volunteer coordination",
            "",
        ),
    ],
    "north-housing-repairs": [
        (
            "Call handler",
            "4.0",
            "120",
            "16.80",
            "Taking repair requests, scheduling",
            "Diagnose by video call so the first visit is right",
        ),
        (
            "Surveyor",
            "2.0",
            "125",
            "29.50",
            "Diagnosis, damp and mould assessment",
            "Train call handlers in first-line diagnosis",
        ),
        ("Scheduler", "1.0", "135", "19.60", "Planning operatives' routes", ""),
        (
            "Repairs team leader",
            "1.0",
            "120",
            "31.00",
            "Contract management, complaint resolution",
            "",
        ),
    ],
    "riverside-gp-reception": [
        (
            "Care navigator",
            "4.5",
            "135",
            "14.90",
            "Triage, signposting, appointment systems",
            "Call back patients in order instead of an 8am rush",
        ),
        ("Prescriptions clerk", "1.0", "140", "15.40", "Medication records, pharmacy liaison", ""),
        ("Reception manager", "1.0", "130", "22.80", "Rotas, complaints, data", ""),
    ],
    "school-admissions": [
        (
            "Admissions officer",
            "5.0",
            "130",
            "20.10",
            "Admissions code, allocation system, casework",
            "Proactive status emails so families need not call",
        ),
        ("Appeals clerk", "1.0", "130", "21.50", "Appeals panels, legal procedure", ""),
        ("Admissions manager", "1.0", "125", "33.00", "Policy, coordination with academies", ""),
    ],
}

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


# Activities per demo microsystem: name, classification, preventive, other costs
# per month, contribution, demand types handled, {staff role: hours per month}.
ACTIVITIES = {
    "eastfield-library": [
        ("Lending, returns and reservations", "adds_value", False, 350,
         "Free access to books for everyone, whatever their income.",
         ["Book and media loans", "Queries about reservations not ready"],
         {"Library assistant": 190, "Branch librarian": 15}),
        ("Digital help drop-in", "adds_value", False, 80,
         "People get online to claim benefits, apply for jobs and see services.",
         ["Computer and digital help sessions", "Repeat visits to finish online forms"],
         {"Library assistant": 110, "Digital inclusion coordinator": 40}),
        ("Rhyme-time and homework club", "adds_value", True, 120,
         "Early reading prevents later literacy gaps that schools struggle to close.",
         ["Children's reading and rhyme-time places"],
         {"Library assistant": 45, "Branch librarian": 12}),
        ("Care-home outreach deliveries", "adds_value", True, 90,
         "Keeps isolated older residents reading and connected, delaying decline.",
         [], {"Digital inclusion coordinator": 20}),
        ("Statutory stock and finance returns", "necessary", False, 0,
         "Accountability to the council for public money and stock.",
         [], {"Branch librarian": 18}),
        ("Printing the daily paper visitor log", "unnecessary", False, 25,
         "", [], {"Library assistant": 14}),
        ("Re-keying paper booking forms", "unnecessary", False, 0,
         "", ["Computer and digital help sessions"], {"Library assistant": 22}),
    ],
    "north-housing-repairs": [
        ("Taking and diagnosing repair requests", "adds_value", False, 400,
         "Tenants' homes are made safe and dry, right first time.",
         ["Repair requests", "Damp and mould reports"],
         {"Call handler": 300, "Surveyor": 60}),
        ("Answering 'where is my repair?' calls", "necessary", False, 0,
         "Keeps tenants informed while the underlying delays are fixed.",
         ["Calls chasing a repair"], {"Call handler": 150}),
        ("Damp and mould surveys", "adds_value", True, 650,
         "Finding damp early prevents illness and costly structural repairs.",
         ["Damp and mould reports"], {"Surveyor": 140}),
        ("Revisits after a wrong diagnosis", "necessary", False, 1800,
         "Puts right repairs that failed, so homes end up safe.",
         ["Repeat visits: wrong first diagnosis"], {"Surveyor": 50, "Scheduler": 20}),
        ("Scheduling operatives", "adds_value", False, 0,
         "Repairs happen when tenants are home, with fewer wasted trips.",
         ["Repair requests"], {"Scheduler": 120}),
        ("Answering regulator and councillor enquiries", "necessary", False, 0,
         "Accountability to tenants' representatives and the regulator.",
         ["Regulator and councillor enquiries"], {"Repairs team leader": 25}),
        ("Weekly paper status report nobody reads", "unnecessary", False, 40,
         "", [], {"Repairs team leader": 16, "Scheduler": 8}),
    ],
    "riverside-gp-reception": [
        ("Care navigation on the phone", "adds_value", False, 300,
         "Patients reach the right clinician or service first time.",
         ["Appointment requests"], {"Care navigator": 520}),
        ("Repeat prescriptions", "adds_value", False, 60,
         "Patients keep taking the medicines that keep them well.",
         ["Repeat prescription requests"], {"Prescriptions clerk": 120, "Care navigator": 40}),
        ("Calling back patients turned away at 8am", "necessary", False, 0,
         "No patient in need is left without help.",
         ["Calls back after no appointment left"], {"Care navigator": 60}),
        ("Results calls", "adds_value", False, 0,
         "Patients learn their results and what to do next.",
         ["Test result queries"], {"Care navigator": 55}),
        ("Processing hospital letters", "necessary", False, 0,
         "Safe records so that follow-up care is not missed.",
         ["Referral letters from hospital"], {"Prescriptions clerk": 15, "Reception manager": 20}),
        ("Annual health-check invitations", "adds_value", True, 150,
         "Early detection prevents strokes and emergency admissions.",
         [], {"Care navigator": 30, "Reception manager": 6}),
        ("Faxing prescriptions already sent electronically", "unnecessary", False, 30,
         "", ["Repeat prescription requests"], {"Prescriptions clerk": 10}),
    ],
    "school-admissions": [
        ("Processing school place applications", "adds_value", False, 900,
         "Every child is offered a school place fairly and on time.",
         ["School place applications"], {"Admissions officer": 260}),
        ("In-year transfers", "adds_value", False, 0,
         "Children who move home are back in school quickly.",
         ["In-year transfer applications"], {"Admissions officer": 70}),
        ("Running appeals", "necessary", False, 1200,
         "Families can challenge decisions before an independent panel.",
         ["Admission appeals"], {"Appeals clerk": 110, "Admissions manager": 15}),
        ("Confirming receipt by phone", "necessary", False, 0,
         "Families are reassured that their application counts.",
         ["Calls asking if an application arrived"], {"Admissions officer": 45}),
        ("Outreach to families who miss the deadline", "adds_value", True, 200,
         "Late applications cause the worst outcomes; reaching families early prevents them.",
         [], {"Admissions officer": 30, "Admissions manager": 8}),
        ("Posting paper copies of emailed offers", "unnecessary", False, 380,
         "", [], {"Admissions officer": 18}),
    ],
}


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
