from django.conf import settings
from django.db import models
from django.urls import reverse


class Organisation(models.Model):
    """The larger system a microsystem belongs to: a council directorate, an NHS trust division."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_organisations",
        help_text="Managers review every microsystem in this organisation.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MicrosystemQuerySet(models.QuerySet):
    def active(self) -> "MicrosystemQuerySet":
        return self.filter(archived_at__isnull=True)

    def archived(self) -> "MicrosystemQuerySet":
        return self.filter(archived_at__isnull=False)


class Microsystem(models.Model):
    """A small front-line unit through which the public meets a service.

    The profile follows the "5 Ps": purpose, patients/people served,
    professionals, processes and patterns.
    """

    class Granularity(models.TextChoices):
        WEEK = "week", "Weekly"
        MONTH = "month", "Monthly"
        QUARTER = "quarter", "Quarterly"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="microsystems"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    purpose = models.TextField("purpose", help_text="What the unit is for, in a sentence or two.")
    public_value_goal = models.TextField(
        "public value goal",
        help_text="The value it adds to the public sphere, not just what it does.",
    )
    people_served = models.TextField(
        "people served", blank=True, help_text="Who uses the service, and who else it affects."
    )
    professionals = models.TextField(
        "professionals",
        blank=True,
        help_text="Who works here, in summary. Detailed staff roles are entered with demand.",
    )
    processes = models.TextField(
        "main processes", blank=True, help_text="The main ways work flows through the unit."
    )
    patterns = models.TextField(
        "observed patterns",
        blank=True,
        help_text="What you notice recurring: peaks, bottlenecks, repeat contact.",
    )
    period_granularity = models.CharField(
        "demand is recorded",
        max_length=10,
        choices=Granularity.choices,
        default=Granularity.MONTH,
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MicrosystemQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="microsystems_microsystem_unique_name_in_organisation",
                violation_error_message=(
                    "This organisation already has a microsystem with this name."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("microsystems:detail", kwargs={"slug": self.slug})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Membership(models.Model):
    """Who leads a microsystem (and may edit it) and who belongs to it (and may view it)."""

    class Role(models.TextChoices):
        LEAD = "lead", "Team leader"
        MEMBER = "member", "Member"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    microsystem = models.ForeignKey(
        Microsystem, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["microsystem__name", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "microsystem"], name="microsystems_membership_one_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} of {self.microsystem}"
