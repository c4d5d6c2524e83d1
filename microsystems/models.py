from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from microsystems import periods


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


VERSION_FIELDS = (
    "data_version",
    "operations_version",
    "records_version",
    "figures_version",
    "later_figures_version",
)


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
    # Go up by one whenever anything a report of this unit reads changes
    # (microsystems/data_versions.py); cached reports are keyed on them.
    # data_version: any of the unit's records, in any app; operations_version:
    # the records of this app alone (profile, demand, staff, activities), which
    # are all this app's own reports read, so that a judgement saved leaves the
    # demand page's cached report in place. records_version and figures_version
    # split data_version for reports that read less than everything (a change
    # of an assessment's inputs bumps neither, only that assessment's own);
    # later_figures_version counts the figures of later apps (measurements)
    # alone, so that a demand figure saved leaves the measurements page cached.
    data_version = models.PositiveBigIntegerField(default=0, editable=False)
    operations_version = models.PositiveBigIntegerField(default=0, editable=False)
    records_version = models.PositiveBigIntegerField(default=0, editable=False)
    figures_version = models.PositiveBigIntegerField(default=0, editable=False)
    later_figures_version = models.PositiveBigIntegerField(default=0, editable=False)

    objects = MicrosystemQuerySet.as_manager()

    # The versions are the report cache's counters, not a change anyone made.
    history = HistoricalRecords(excluded_fields=["updated_at", *VERSION_FIELDS])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "organisation",
                name="microsystems_microsystem_unique_name_in_organisation",
                violation_error_message=(
                    "This organisation already has a microsystem with this name."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        """Never write the versions back from memory: they only go up, in the database.

        An instance loaded before someone else's change holds an older version;
        saving it whole would set the counter back, and the next bump would
        reuse a version that already names other data in the cache.
        """
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in VERSION_FIELDS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("microsystems:detail", kwargs={"slug": self.slug})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def period_noun(self) -> str:
        """'week', 'month' or 'quarter', for labels such as "Cost per month"."""
        return self.period_granularity


class Membership(models.Model):
    """Who leads a microsystem (and may edit it) and who belongs to it (and may view it).

    A unit that has a team leader keeps one: the services and the admin refuse the
    change that would leave none; on PostgreSQL a deferred constraint trigger refuses
    it at commit too (migration 0009; SQLite has no deferred triggers).
    """

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


NON_NEGATIVE = "{field} cannot be negative."
# Form-level twin of the database CHECK constraints: the message sits next to the field.
not_negative = MinValueValidator(0, message="Enter zero or more.")


def within_period_window(value: date) -> None:
    """Field validator, the form-level twin of the `..._in_window` CHECK constraints."""
    if isinstance(value, date) and not periods.within_window(value):
        raise ValidationError(periods.outside_window_message(value) + ".", code="outside_window")


def in_period_window(*fields: str) -> models.Q:
    """The condition of a CHECK constraint keeping each date field in periods' window."""
    return models.Q(**{f"{name}__range": (periods.FIRST_DAY, periods.LAST_DAY) for name in fields})


class ConfigurationVersion(models.Model):
    """One row: goes up by one whenever organisation-wide configuration that reports
    read changes (value dimensions, measures, organisations). Cached reports are
    keyed on it as well as on their unit's data_version."""

    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Configuration version {self.value}"


class DemandType(models.Model):
    """One kind of demand placed on a microsystem ("repair requests", "chasing calls")."""

    class Source(models.TextChoices):
        SERVICE_USERS = "service_users", "Service users"
        REFERRALS = "referrals", "Referrals from other services"
        STATUTORY = "statutory", "Statutory duty"
        REGULATOR = "regulator", "Regulator or inspector"
        INTERNAL = "internal", "Internal"
        OTHER = "other", "Other"

    class Nature(models.TextChoices):
        VALUE = "value", "Value demand"
        FAILURE = "failure", "Failure demand"
        UNCLASSIFIED = "unclassified", "Not yet classified"

    microsystem = models.ForeignKey(
        Microsystem, on_delete=models.CASCADE, related_name="demand_types"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.SERVICE_USERS)
    nature = models.CharField(
        max_length=20,
        choices=Nature.choices,
        default=Nature.UNCLASSIFIED,
        help_text=(
            "Value demand is what the unit exists to provide. Failure demand is caused by a "
            "failure to do something, or to do it right, for the user: chasing, repeat "
            "contact, complaints about delay."
        ),
    )
    unit = models.CharField(
        "unit of count", max_length=40, default="requests", help_text="For example “requests”."
    )
    handling_minutes = models.DecimalField(
        "average handling time (minutes per unit)",
        max_digits=8,
        decimal_places=2,
        validators=[not_negative],
        default=0,
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "microsystem",
                name="microsystems_demandtype_unique_name",
                violation_error_message=(
                    "This microsystem already has a demand type with this name."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(handling_minutes__gte=0),
                name="microsystems_demandtype_handling_non_negative",
                violation_error_message=NON_NEGATIVE.format(field="Handling time"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DemandObservation(models.Model):
    """How many units of one demand type arrived in one period."""

    demand_type = models.ForeignKey(
        DemandType, on_delete=models.CASCADE, related_name="observations"
    )
    period_start = models.DateField(validators=[within_period_window])
    volume = models.PositiveIntegerField()

    class Meta:
        ordering = ["demand_type", "period_start"]
        constraints = [
            # Also the index for "all observations of a type in date order".
            models.UniqueConstraint(
                fields=["demand_type", "period_start"],
                name="microsystems_demandobservation_one_per_period",
            ),
            models.CheckConstraint(
                condition=in_period_window("period_start"),
                name="microsystems_demandobservation_period_start_in_window",
                violation_error_message=periods.WINDOW_RULE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.demand_type}: {self.volume} from {self.period_start:%d %b %Y}"


class StaffRole(models.Model):
    """People who work in the microsystem, their capacity and their abilities."""

    microsystem = models.ForeignKey(
        Microsystem, on_delete=models.CASCADE, related_name="staff_roles"
    )
    title = models.CharField(max_length=120)
    fte = models.DecimalField(
        "headcount (FTE)", max_digits=7, decimal_places=2, validators=[not_negative]
    )
    hours_per_fte = models.DecimalField(
        "hours available per period per FTE",
        max_digits=7,
        decimal_places=2,
        validators=[not_negative],
        help_text="Hours one full-time person can give to the unit's work in one period.",
    )
    hourly_cost = models.DecimalField(
        "hourly cost (£)",
        max_digits=9,
        decimal_places=2,
        validators=[not_negative],
        help_text="Fully loaded: pay, employer costs and overheads.",
    )
    skills = models.CharField("skills and abilities", max_length=300, blank=True)
    new_uses = models.TextField("how these abilities could be used in new ways", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                Lower("title"),
                "microsystem",
                name="microsystems_staffrole_unique_title",
                violation_error_message=(
                    "This microsystem already has a staff role with this title."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(fte__gte=0, hours_per_fte__gte=0, hourly_cost__gte=0),
                name="microsystems_staffrole_non_negative",
                violation_error_message="Headcount, hours and hourly cost cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Activity(models.Model):
    """Something the microsystem does, what it costs and what it contributes."""

    class Classification(models.TextChoices):
        ADDS_VALUE = "adds_value", "Adds value for the user"
        NECESSARY = "necessary", "Necessary, but adds no value for the user"
        UNNECESSARY = "unnecessary", "Unnecessary: could stop"

    microsystem = models.ForeignKey(
        Microsystem, on_delete=models.CASCADE, related_name="activities"
    )
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    demand_types = models.ManyToManyField(
        DemandType,
        through="ActivityDemand",
        blank=True,
        related_name="activities",
        help_text="The demand this activity handles.",
    )
    other_costs = models.DecimalField(
        "other costs per period (£)",
        max_digits=12,
        decimal_places=2,
        validators=[not_negative],
        default=0,
        help_text="Materials, contracts, travel: anything that is not staff time.",
    )
    classification = models.CharField(
        max_length=20, choices=Classification.choices, default=Classification.ADDS_VALUE
    )
    preventive = models.BooleanField(
        default=False, help_text="Its value lies in what does not happen later."
    )
    contribution = models.TextField(
        "contribution to the public value goal",
        blank=True,
        help_text="One sentence. Required unless the activity is classified as unnecessary.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "microsystem",
                name="microsystems_activity_unique_name",
                violation_error_message=(
                    "This microsystem already has an activity with this name."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(other_costs__gte=0),
                name="microsystems_activity_other_costs_non_negative",
                violation_error_message=NON_NEGATIVE.format(field="Other costs"),
            ),
            models.CheckConstraint(
                condition=models.Q(classification="unnecessary") | ~models.Q(contribution=""),
                name="microsystems_activity_contribution_required",
                violation_error_message=(
                    "Say how this activity contributes to the public value goal, "
                    "or classify it as unnecessary."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ActivityDemand(models.Model):
    """Which demand types an activity handles.

    An explicit link so that deleting a demand type that activities use is
    refused (PROTECT) instead of silently changing their costs.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE)
    demand_type = models.ForeignKey(DemandType, on_delete=models.PROTECT)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "demand_type"], name="microsystems_activitydemand_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} handles {self.demand_type}"


class ActivityEffort(models.Model):
    """Staff time one activity takes per period, by role."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="efforts")
    # PROTECT: deleting a role in use must be refused, not silently change costs.
    staff_role = models.ForeignKey(StaffRole, on_delete=models.PROTECT, related_name="efforts")
    hours_per_period = models.DecimalField(
        max_digits=9, decimal_places=2, validators=[not_negative]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "staff_role__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "staff_role"],
                name="microsystems_activityeffort_one_per_role",
                violation_error_message="This role is already listed for this activity.",
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_period__gte=0),
                name="microsystems_activityeffort_hours_non_negative",
                violation_error_message=NON_NEGATIVE.format(field="Hours"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.hours_per_period} h of {self.staff_role}"


class SubmissionToken(models.Model):
    """A create form's one-time token, recorded with the address of what the form created.

    Written in the transaction that creates the record, and unique per user, so
    a create form sent twice (Back and Save again, a double click, a retried
    request, two copies at the same instant) creates one record; the second is
    sent to the first one's address (microsystems.services.submissions).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField()
    created_url = models.CharField(
        max_length=500, blank=True, help_text="Where what the form created is shown."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # Its index also serves the lookup of a resubmitted token.
            models.UniqueConstraint(
                fields=["user", "token"], name="microsystems_submissiontoken_once_per_user"
            ),
        ]
        indexes = [
            # Pruning tokens older than a day.
            models.Index(fields=["created_at"], name="microsystems_token_created"),
        ]

    def __str__(self) -> str:
        return f"Form {self.token} sent {self.created_at:%Y-%m-%d %H:%M}"


class PeriodDataEvent(models.Model):
    """One upload or grid save of period data (demand or measurements): who, when, how many.

    Period data is written in plain multi-row SQL (microsystems.period_data.writes)
    that no per-row history sees, and a 100,000-row upload would make 100,000
    history rows; one event per save records who changed the unit's figures
    and how many, and for a grid save (a page of cells) each cell's old and new value.
    """

    class Kind(models.TextChoices):
        DEMAND = "demand", "Demand"
        MEASUREMENTS = "measurements", "Measurements"

    class Source(models.TextChoices):
        UPLOAD = "upload", "File upload"
        GRID = "grid", "Entry grid"

    microsystem = models.ForeignKey(
        Microsystem, on_delete=models.CASCADE, related_name="period_data_events"
    )
    kind = models.CharField(max_length=15, choices=Kind.choices)
    source = models.CharField(max_length=10, choices=Source.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(max_length=255, blank=True)
    rows_added = models.PositiveIntegerField(default=0)
    rows_replaced = models.PositiveIntegerField(default=0)
    rows_cleared = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    # Grid saves only: [{"key": ..., "period": "YYYY-MM-DD", "from": ..., "to": ...}];
    # an upload's rows are too many to keep, and its file is the record of them.
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            # The microsystem's history page, newest first.
            models.Index(fields=["microsystem", "at"], name="microsystems_event_unit_at"),
        ]

    def __str__(self) -> str:
        source = self.get_source_display().lower()
        return f"{self.get_kind_display()} {source} at {self.at:%Y-%m-%d %H:%M}"
