"""Demo data for the stakeholders app: the groups of each demo microsystem and what they expect.

Run after microsystems.demo.seed_microsystems (it needs the demo microsystems).
Idempotent: groups are found by name (ignoring case) and expectations by their
words, and only what is missing is added, so a second run changes nothing.

Each unit has at least one genuine conflict, noted in CONFLICTS: one group's
expectation pulls against another's, as in real public services.
"""

from django.db import transaction

from microsystems.models import Microsystem
from stakeholders.models import Expectation, Stakeholder

BENEFIT = Expectation.Kind.BENEFIT
COST = Expectation.Kind.COST
STANDARD = Expectation.Kind.STANDARD
AVOID = Expectation.Kind.AVOID
HIGH = Expectation.Priority.HIGH
MEDIUM = Expectation.Priority.MEDIUM
LOW = Expectation.Priority.LOW
Kind = Stakeholder.Kind

# slug -> groups: (name, kind, power, interest, description, how consulted,
#                  [(expectation in their words, kind, priority), ...])
STAKEHOLDERS = {
    "eastfield-library": [
        (
            "Library members and visitors",
            Kind.SERVICE_USERS,
            2,
            5,
            "Everyone who borrows, studies, uses the computers or brings children to "
            "rhyme time.",
            "Counter survey of 214 visitors and comment cards, March 2026.",
            [
                ("Keep the doors open six days a week, Saturday afternoons included.", BENEFIT,
                 HIGH),
                ("A free computer when I need one, and someone to help me use it.", BENEFIT,
                 MEDIUM),
                ("I shouldn't have to come in just to renew a book the website won't renew.",
                 AVOID, LOW),
            ],
        ),
        (
            "Council finance and commissioning",
            Kind.FUNDERS,
            5,
            3,
            "The council's finance team and the head of culture, who set the branch budget.",
            "Budget-setting meeting with the head of finance, January 2026.",
            [
                ("Bring the branch's running costs down by 8% next year, as the medium-term "
                 "plan requires.", COST, HIGH),
                ("Move lending to self-service so that staffed hours can come down.", COST,
                 MEDIUM),
                ("Spend within budget and report visits and loans every quarter.", STANDARD,
                 MEDIUM),
            ],
        ),
        (
            "Library staff and volunteers",
            Kind.STAFF,
            3,
            5,
            "The branch librarian, three library assistants and about twelve volunteers.",
            "Team meeting and an anonymous staff survey, February 2026.",
            [
                ("Time to help people with online forms properly, not five rushed minutes "
                 "between the queue.", BENEFIT, HIGH),
                ("Never fewer than two people on the floor while the branch is open.", STANDARD,
                 MEDIUM),
            ],
        ),
        (
            "Jobcentre and adult learning partners",
            Kind.PARTNERS,
            2,
            3,
            "Services that send people to the library for computers and digital help.",
            "Quarterly partnership meeting, March 2026.",
            [
                ("Job seekers we refer get help with online applications the same week.",
                 BENEFIT, MEDIUM),
                ("People we refer are not sent back to us because every computer was booked.",
                 AVOID, LOW),
            ],
        ),
        (
            "Eastfield ward councillors",
            Kind.ELECTED_MEMBERS,
            4,
            4,
            "The three councillors for Eastfield ward.",
            "Briefing with the ward councillors, March 2026.",
            [
                ("The library stays a warm, welcoming hub for the whole community.", BENEFIT,
                 HIGH),
                ("Any change to opening hours is consulted on in public first.", STANDARD,
                 MEDIUM),
                ("No rise in room-hire charges for community groups.", COST, LOW),
            ],
        ),
    ],
    "north-housing-repairs": [
        (
            "Council tenants in the north area",
            Kind.SERVICE_USERS,
            3,
            5,
            "3,400 households, many of them older or disabled tenants.",
            "Tenant satisfaction survey (412 replies, 2025) and the tenants' panel, "
            "February 2026.",
            [
                ("Fix it right the first time, so I don't have to take another day off work.",
                 BENEFIT, HIGH),
                ("I shouldn't have to ring three times to find out when my repair is booked.",
                 AVOID, HIGH),
                ("Damp and mould treated properly, not just painted over.", BENEFIT, MEDIUM),
            ],
        ),
        (
            "Housing finance team",
            Kind.FUNDERS,
            5,
            3,
            "The finance business partner who manages the housing revenue account.",
            "Quarterly budget review, January 2026.",
            [
                ("Keep the average cost of a repair under £185.", COST, HIGH),
                ("Fewer surveyor visits: diagnose by phone wherever possible.", COST, MEDIUM),
                ("Every works order raised against the right budget code.", STANDARD, LOW),
            ],
        ),
        (
            "Repairs operatives (contractor)",
            Kind.PARTNERS,
            3,
            4,
            "The contractor's supervisors and operatives who carry out the repairs.",
            "Site visit and a talk with a supervisor and two operatives, March 2026.",
            [
                ("Job descriptions accurate enough to bring the right parts on the first "
                 "visit.", BENEFIT, HIGH),
                ("No wasted trips to homes where nobody is in.", AVOID, MEDIUM),
            ],
        ),
        (
            "Regulator of Social Housing",
            Kind.REGULATORS,
            5,
            2,
            "The regulator of social landlords and its consumer standards.",
            "Read the consumer standards and last year's inspection report.",
            [
                ("Hazards such as damp and mould dealt with in time, as the Safety and Quality "
                 "Standard requires.", STANDARD, HIGH),
                ("Tenant satisfaction measures reported honestly every year.", STANDARD, MEDIUM),
                ("No complaint about a repair left undone reaching the Housing Ombudsman.",
                 AVOID, MEDIUM),
            ],
        ),
        (
            "North area ward councillors",
            Kind.ELECTED_MEMBERS,
            4,
            4,
            "Councillors who take up repairs casework for their residents.",
            "Members' casework log and a briefing, January 2026.",
            [
                ("Fewer repairs complaints landing in councillors' casework.", AVOID, HIGH),
                ("Older and disabled tenants offered priority appointments.", BENEFIT, MEDIUM),
            ],
        ),
    ],
    "riverside-gp-reception": [
        (
            "Patients",
            Kind.SERVICE_USERS,
            2,
            5,
            "11,500 registered patients, many of them older or with limited English.",
            "Patient participation group meeting and the GP patient survey, 2025.",
            [
                ("No more ringing at 8am for half an hour only to be told to call back "
                 "tomorrow.", AVOID, HIGH),
                ("See or speak to a GP the same day when it is urgent.", BENEFIT, HIGH),
                ("Help in my own language, and a way in for people who can't use the app.",
                 STANDARD, MEDIUM),
            ],
        ),
        (
            "GP partners and clinicians",
            Kind.STAFF,
            5,
            5,
            "The four GP partners, salaried GPs, nurses and the practice pharmacist.",
            "Practice meeting, February 2026.",
            [
                ("Protect GP time: steer routine requests to the pharmacist or nurse first.",
                 COST, HIGH),
                ("Requests triaged with enough detail to act on without ringing the patient "
                 "back.", BENEFIT, MEDIUM),
            ],
        ),
        (
            "Integrated care board",
            Kind.FUNDERS,
            5,
            3,
            "The NHS commissioner that holds the practice's contract.",
            "Contract review meeting with the primary care commissioning manager, 2025.",
            [
                ("No extra clinical sessions beyond what the access funding pays for.", COST,
                 HIGH),
                ("Online consultation open throughout core hours, as the contract requires.",
                 STANDARD, MEDIUM),
                ("Fewer patients going to A&E because they could not get through.", BENEFIT,
                 MEDIUM),
            ],
        ),
        (
            "Reception team",
            Kind.STAFF,
            2,
            5,
            "The reception manager, six receptionists and care navigators, and the "
            "prescriptions clerk.",
            "Team huddle, March 2026.",
            [
                ("Fewer angry calls at 8am when there are no appointments left.", AVOID, HIGH),
                ("Training in care navigation so we can signpost with confidence.", BENEFIT,
                 MEDIUM),
            ],
        ),
        (
            "Care Quality Commission",
            Kind.REGULATORS,
            4,
            2,
            "The regulator that inspects the practice.",
            "Last inspection report and the 'responsive' key question.",
            [
                ("Patients can get care in a timely way.", STANDARD, HIGH),
                ("Reasonable adjustments for disabled patients and those with limited English.",
                 STANDARD, MEDIUM),
                ("No concerns raised with us about patients being turned away at the desk.",
                 AVOID, LOW),
            ],
        ),
    ],
    "school-admissions": [
        (
            "Parents and carers applying for places",
            Kind.SERVICE_USERS,
            2,
            5,
            "About 7,000 families applying each year.",
            "Online survey after national offer day (860 replies), 2025.",
            [
                ("A place at one of our nearest schools, with brothers and sisters together.",
                 BENEFIT, HIGH),
                ("I shouldn't have to phone to check that my application arrived.", AVOID,
                 MEDIUM),
                ("Clear reasons when we don't get the school we asked for.", STANDARD, MEDIUM),
            ],
        ),
        (
            "Schools and academy trusts",
            Kind.PARTNERS,
            4,
            4,
            "Headteachers and trust admissions leads across the city.",
            "Headteachers' forum, January 2026.",
            [
                ("No pupils placed over our published admission number without our agreement.",
                 STANDARD, HIGH),
                ("Allocation lists on time so we can plan classes and staffing.", BENEFIT,
                 MEDIUM),
            ],
        ),
        (
            "Department for Education and the Schools Adjudicator",
            Kind.REGULATORS,
            5,
            2,
            "National bodies that set and enforce the School Admissions Code.",
            "Read the School Admissions Code and recent adjudicator determinations.",
            [
                ("Follow the School Admissions Code, including the offer-day deadlines.",
                 STANDARD, HIGH),
                ("Publish admission arrangements and appeal timetables on time.", STANDARD,
                 MEDIUM),
                ("No objections to the city's admission arrangements referred to the "
                 "adjudicator.", AVOID, LOW),
            ],
        ),
        (
            "Children's services finance",
            Kind.FUNDERS,
            4,
            2,
            "The council finance team that funds admissions, appeals and school transport.",
            "Budget meeting with the finance business partner, February 2026.",
            [
                ("Hold appeal costs down: fewer appeals reaching a full panel.", COST, HIGH),
                ("Keep home-to-school transport costs down when places are allocated.", COST,
                 MEDIUM),
                ("Appeal panels run within the law, so that no decision is quashed on review.",
                 STANDARD, LOW),
            ],
        ),
        (
            "Admissions officers",
            Kind.STAFF,
            2,
            4,
            "The admissions manager, five officers and the appeals clerk.",
            "Team meeting, March 2026.",
            [
                ("Fewer 'did you get my form?' calls in the peak weeks.", AVOID, HIGH),
                ("A case system that shows where every application is.", BENEFIT, MEDIUM),
            ],
        ),
    ],
}  # fmt: skip

# slug -> (group, expectation, group, expectation) that pull against each other.
CONFLICTS = {
    "eastfield-library": (
        "Library members and visitors",
        "Keep the doors open six days a week, Saturday afternoons included.",
        "Council finance and commissioning",
        "Move lending to self-service so that staffed hours can come down.",
    ),
    "north-housing-repairs": (
        "Council tenants in the north area",
        "Damp and mould treated properly, not just painted over.",
        "Housing finance team",
        "Fewer surveyor visits: diagnose by phone wherever possible.",
    ),
    "riverside-gp-reception": (
        "Patients",
        "See or speak to a GP the same day when it is urgent.",
        "GP partners and clinicians",
        "Protect GP time: steer routine requests to the pharmacist or nurse first.",
    ),
    "school-admissions": (
        "Parents and carers applying for places",
        "A place at one of our nearest schools, with brothers and sisters together.",
        "Schools and academy trusts",
        "No pupils placed over our published admission number without our agreement.",
    ),
}


@transaction.atomic
def seed_stakeholders() -> None:
    """The stakeholder groups and expectations of every demo microsystem."""
    for slug, groups in STAKEHOLDERS.items():
        microsystem = Microsystem.objects.get(slug=slug)
        for name, kind, power, interest, description, consultation, expectations in groups:
            stakeholder, _ = Stakeholder.objects.get_or_create(
                microsystem=microsystem,
                name__iexact=name,
                defaults={
                    "name": name,
                    "kind": kind,
                    "power": power,
                    "interest": interest,
                    "description": description,
                    "consultation": consultation,
                },
            )
            for statement, expectation_kind, priority in expectations:
                Expectation.objects.get_or_create(
                    stakeholder=stakeholder,
                    statement=statement,
                    defaults={"kind": expectation_kind, "priority": priority},
                )
