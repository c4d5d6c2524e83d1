from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from microsystems.models import Microsystem


class ValueDimensionQuerySet(models.QuerySet):
    def active(self) -> "ValueDimensionQuerySet":
        return self.filter(active=True)


class ValueDimension(models.Model):
    """A group of public values (efficiency, equity, ...). Admins add or retire them."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=300, help_text="One plain-language line.")
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(
        default=True, help_text="Retired dimensions stay in past assessments but are not offered."
    )

    objects = ValueDimensionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


OVERLAP_MESSAGE = "This period overlaps another assessment of the same microsystem ({other})."
END_BEFORE_START_MESSAGE = "The end date must be on or after the start date."


class Assessment(models.Model):
    """One microsystem over one period (e.g. 2026 Q3): draft -> submitted -> approved.

    Periods of one microsystem never overlap. The database enforces this too:
    an exclusion constraint on PostgreSQL and triggers on SQLite (migration 0003).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"

    microsystem = models.ForeignKey(
        Microsystem, on_delete=models.PROTECT, related_name="assessments"
    )
    period_label = models.CharField(max_length=50, help_text="For example “2026 Q3”.")
    start_date = models.DateField()
    end_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["microsystem__name", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="valuation_assessment_end_after_start",
                violation_error_message=END_BEFORE_START_MESSAGE,
            ),
            models.UniqueConstraint(
                fields=["microsystem", "period_label"],
                name="valuation_assessment_unique_label",
                violation_error_message=(
                    "This microsystem already has an assessment with this label."
                ),
            ),
        ]
        indexes = [
            # Serves the overlap check and "latest assessment of a microsystem".
            models.Index(fields=["microsystem", "start_date"], name="valuation_assess_ms_start"),
        ]

    def __str__(self) -> str:
        return f"{self.microsystem} — {self.period_label}"

    def overlapping(self) -> models.QuerySet:
        return Assessment.objects.filter(
            microsystem_id=self.microsystem_id,
            start_date__lte=self.end_date,
            end_date__gte=self.start_date,
        ).exclude(pk=self.pk)

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                raise ValidationError({"end_date": END_BEFORE_START_MESSAGE})
            if self.microsystem_id:
                other = self.overlapping().first()
                if other is not None:
                    raise ValidationError(
                        {"start_date": OVERLAP_MESSAGE.format(other=other.period_label)}
                    )
