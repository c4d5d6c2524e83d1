"""Stakeholders of a microsystem and the expectations each group places on it."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from microsystems.models import Microsystem

POWER_INTEREST_RANGE = "Power and interest are each scored from 1 (low) to 5 (high)."


class Stakeholder(models.Model):
    """A group with a stake in the unit: its users, funders, staff, regulators, ..."""

    class Kind(models.TextChoices):
        SERVICE_USERS = "service_users", "Service users"
        FUNDERS = "funders", "Funders and commissioners"
        STAFF = "staff", "Staff"
        REGULATORS = "regulators", "Regulators and inspectors"
        PARTNERS = "partners", "Partner services"
        ELECTED_MEMBERS = "elected_members", "Elected members"
        PUBLIC = "public", "The wider public"
        OTHER = "other", "Other"

    microsystem = models.ForeignKey(
        Microsystem, on_delete=models.CASCADE, related_name="stakeholders"
    )
    name = models.CharField(max_length=120, help_text="For example “Parents of pupils”.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SERVICE_USERS)
    description = models.TextField(blank=True, help_text="Who they are, in a sentence or two.")
    power = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="How much they can shape the unit: 1 (little) to 5 (a great deal).",
    )
    interest = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="How much they care about what the unit does: 1 (little) to 5 (a great deal).",
    )
    consultation = models.TextField(
        "How they were consulted",
        blank=True,
        help_text=(
            "For example “Survey of 120 users, March 2026” or “Meeting with the commissioner”."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["microsystem", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "microsystem",
                name="stakeholders_stakeholder_unique_name",
                violation_error_message=(
                    "This microsystem already has a stakeholder with this name."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(power__gte=1, power__lte=5, interest__gte=1, interest__lte=5),
                name="stakeholders_stakeholder_power_interest_range",
                violation_error_message=POWER_INTEREST_RANGE,
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Expectation(models.Model):
    """What one stakeholder group expects of the unit, in their own words."""

    class Kind(models.TextChoices):
        BENEFIT = "benefit", "A benefit to gain"
        COST = "cost", "A cost to keep down"
        STANDARD = "standard", "A standard to comply with"
        AVOID = "avoid", "A contact to avoid"

    class Priority(models.IntegerChoices):
        HIGH = 1, "High"
        MEDIUM = 2, "Medium"
        LOW = 3, "Low"

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="expectations"
    )
    statement = models.TextField(
        help_text="In the stakeholder's own words, e.g. “Repairs done right first time”."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.BENEFIT)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.MEDIUM)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["stakeholder", "priority", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(priority__gte=1, priority__lte=3),
                name="stakeholders_expectation_priority_range",
                violation_error_message="Priority must be high, medium or low.",
            ),
        ]

    def __str__(self) -> str:
        return self.statement[:60]
