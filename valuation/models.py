from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from microsystems import periods
from microsystems.models import (
    Activity,
    DemandType,
    Microsystem,
    in_period_window,
    within_period_window,
)
from stakeholders.models import Stakeholder


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
    start_date = models.DateField(validators=[within_period_window])
    end_date = models.DateField(validators=[within_period_window])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    judgement_share = models.DecimalField(
        "Share of judgement in a dimension's score",
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=(
            "Where a dimension has both measures and stakeholder judgements, how much the "
            "judgements count: 0.5 is half and half, 0 is measures only, 1 is judgements only."
        ),
    )
    # Voices: equal unless the lead sets VoiceWeight rows, and then the reason is kept.
    voice_weights_rationale = models.TextField("Why some voices count more", blank=True)
    voice_weights_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    voice_weights_set_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(
        blank=True, help_text="Why the assessment was returned, or a note on its approval."
    )
    # Goes up by one whenever this assessment's weights, judgements or voice
    # weights change (valuation/input_versions.py): the reports of this assessment
    # are keyed on it, so such a save retires them and no other page of the unit.
    inputs_version = models.PositiveBigIntegerField(default=0, editable=False)
    # Goes up with every change to its judgements of activities (activity set), as
    # well as inputs_version: the costly part of its judgements page is keyed on it,
    # so a save of dimension judgements leaves that part cached.
    activity_judgements_version = models.PositiveBigIntegerField(default=0, editable=False)

    # Settings only: each change of status is an AssessmentTransition, with its comment.
    history = HistoricalRecords(
        excluded_fields=[
            "inputs_version",
            "activity_judgements_version",
            "status",
            "submitted_at",
            "submitted_by",
            "reviewed_at",
            "reviewed_by",
            "review_comment",
        ]
    )

    class Meta:
        ordering = ["microsystem__name", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="valuation_assessment_end_after_start",
                violation_error_message=END_BEFORE_START_MESSAGE,
            ),
            models.CheckConstraint(
                condition=in_period_window("start_date", "end_date"),
                name="valuation_assessment_dates_in_window",
                violation_error_message=periods.WINDOW_RULE,
            ),
            models.CheckConstraint(
                condition=models.Q(judgement_share__gte=0, judgement_share__lte=1),
                name="valuation_assessment_judgement_share_range",
                violation_error_message="The share of judgement must be between 0 and 1.",
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

    def save(self, *args, **kwargs) -> None:
        """Never write the versions back from memory: they only go up, in the database
        (an instance loaded before a judgement was saved would set it back, and the
        next save would reuse a version that already names other inputs in the cache)."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name not in ("inputs_version", "activity_judgements_version")
            ]
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        """Only a draft takes new weights, judgements or settings; later it is a record."""
        return self.status == self.Status.DRAFT

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


NOT_DRAFT_MESSAGE = "This assessment is {status}, so it can no longer be changed. {remedy}"
# What can be done about it, by status (the manager's review page offers each).
NOT_DRAFT_REMEDY = {
    "submitted": "A manager can return it to draft.",
    "approved": "A manager can reopen it, giving a reason.",
}


def not_draft_message(status: str) -> str:
    """Why an assessment in `status` (a Status value, e.g. "approved") takes no change."""
    return NOT_DRAFT_MESSAGE.format(status=status, remedy=NOT_DRAFT_REMEDY.get(status, "")).strip()


def used_by_condition(microsystem: Microsystem) -> models.Q:
    """The measures `microsystem` uses: all-microsystem ones, or those that chose it.

    A condition rather than a filter so that it can also be annotated (is the
    measure usable here?) or combined; `Measure.objects.used_by` filters by it.
    """
    return models.Q(applies_to_all=True) | models.Q(
        models.Exists(
            Measure.microsystems.through.objects.filter(
                measure_id=models.OuterRef("pk"), microsystem_id=microsystem.pk
            )
        )
    )


class MeasureQuerySet(models.QuerySet):
    def used_by(self, microsystem: Microsystem) -> "MeasureQuerySet":
        return self.filter(used_by_condition(microsystem))


class Measure(models.Model):
    """A quantitative measure of public value, configured by admins.

    Scored against its baseline and target: 100 * (value - baseline) / (target -
    baseline), clipped to 0..100. With direction "lower is better" the target
    lies below the baseline, and the same formula applies.
    """

    class Kind(models.TextChoices):
        FINANCIAL = "financial", "Financial"
        TIME = "time", "Time taken"
        SATISFACTION = "satisfaction", "Satisfaction"
        COUNT = "count", "Count"
        RATE = "rate", "Rate or percentage"
        OTHER = "other", "Other"

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class Rollup(models.TextChoices):
        SUM = "sum", "Sum of the periods"
        MEAN = "mean", "Mean of the periods"
        LAST = "last", "Last period's value"

    class Side(models.TextChoices):
        BENEFIT = "benefit", "Benefit"
        COST = "cost", "Cost"

    name = models.CharField(max_length=120)
    code = models.SlugField(
        max_length=40,
        unique=True,
        help_text="Short and unique; uploads name the measure by this code, e.g. “days-to-repair”.",
    )
    description = models.TextField(blank=True)
    dimension = models.ForeignKey(ValueDimension, on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField(max_length=15, choices=Kind.choices, default=Kind.OTHER)
    unit = models.CharField(max_length=30, blank=True, help_text="For example “days”, “%”, “£”.")
    direction = models.CharField(max_length=6, choices=Direction.choices, default=Direction.HIGHER)
    baseline = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="The value that scores 0 (the floor, or where the unit started).",
    )
    target = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="The value that scores 100 (the ceiling, or what the unit aims for).",
    )
    rollup = models.CharField(
        "How periods roll up", max_length=4, choices=Rollup.choices, default=Rollup.MEAN
    )
    side = models.CharField(
        "Side of the account", max_length=7, choices=Side.choices, default=Side.BENEFIT
    )
    active = models.BooleanField(
        default=True, help_text="Retired measures keep their history but take no new values."
    )
    applies_to_all = models.BooleanField(
        "Used by every microsystem",
        default=True,
        help_text="Untick to choose the microsystems that use it.",
    )
    microsystems = models.ManyToManyField(
        Microsystem,
        blank=True,
        related_name="measures",
        help_text="Used when not every microsystem uses it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeasureQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["dimension__order", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="valuation_measure_unique_name",
                violation_error_message="There is already a measure with this name.",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(baseline__isnull=True)
                    | models.Q(target__isnull=True)
                    | models.Q(direction="higher", target__gt=models.F("baseline"))
                    | models.Q(direction="lower", target__lt=models.F("baseline"))
                ),
                name="valuation_measure_target_beyond_baseline",
                violation_error_message=(
                    "The target must be better than the baseline: above it when higher is "
                    "better, below it when lower is better."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        super().clean()
        if self.baseline is None or self.target is None:
            return
        if self.baseline == self.target:
            raise ValidationError({"target": "The target must differ from the baseline."})
        if self.direction == self.Direction.HIGHER and self.target < self.baseline:
            raise ValidationError(
                {"target": "Higher is better, so the target must be above the baseline."}
            )
        if self.direction == self.Direction.LOWER and self.target > self.baseline:
            raise ValidationError(
                {"target": "Lower is better, so the target must be below the baseline."}
            )


class Measurement(models.Model):
    """One measure's value for one microsystem in one period (its period granularity)."""

    microsystem = models.ForeignKey(
        Microsystem, on_delete=models.CASCADE, related_name="measurements"
    )
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="measurements")
    period_start = models.DateField(validators=[within_period_window])
    value = models.DecimalField(max_digits=14, decimal_places=4)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["microsystem", "measure", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["microsystem", "measure", "period_start"],
                name="valuation_measurement_one_per_period",
                violation_error_message="This measure already has a value for this period.",
            ),
            models.CheckConstraint(
                condition=in_period_window("period_start"),
                name="valuation_measurement_period_start_in_window",
                violation_error_message=periods.WINDOW_RULE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.period_start:%Y-%m-%d}: {self.value}"


class StakeholderWeight(models.Model):
    """How much one stakeholder values each dimension, for one assessment.

    The weights themselves are DimensionWeight rows, normalised to sum to 1.
    `answers` keeps what the stakeholder actually said: for points,
    {"<dimension id>": points}; for pairwise comparison, a list of
    [row dimension id, column dimension id, Saaty value] triples.
    """

    class Method(models.TextChoices):
        POINTS = "points", "100 points allocated across dimensions"
        PAIRWISE = "pairwise", "Pairwise comparison (Saaty 1 to 9)"

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="stakeholder_weights"
    )
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.PROTECT, related_name="weights")
    method = models.CharField(max_length=10, choices=Method.choices)
    answers = models.JSONField(default=dict)
    consistency_ratio = models.DecimalField(
        max_digits=6, decimal_places=4, null=True, blank=True, help_text="Pairwise only."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["recorded_at"])

    class Meta:
        ordering = ["assessment", "stakeholder__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "stakeholder"],
                name="valuation_stakeholderweight_one_per_stakeholder",
                violation_error_message="This stakeholder already has weights in this assessment.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} weights ({self.get_method_display()})"


class DimensionWeight(models.Model):
    """One dimension's normalised weight (0..1) within a StakeholderWeight."""

    stakeholder_weight = models.ForeignKey(
        StakeholderWeight, on_delete=models.CASCADE, related_name="dimension_weights"
    )
    dimension = models.ForeignKey(ValueDimension, on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField(max_digits=7, decimal_places=6)

    history = HistoricalRecords()

    class Meta:
        ordering = ["stakeholder_weight", "dimension__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder_weight", "dimension"],
                name="valuation_dimensionweight_one_per_dimension",
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0, weight__lte=1),
                name="valuation_dimensionweight_range",
                violation_error_message="A weight lies between 0 and 1.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.weight}"


JUDGEMENT_SCORE_RANGE = "A score is a whole number from 0 to 10."


class Judgement(models.Model):
    """A stakeholder's 0..10 score, with a written rationale, for one assessment.

    With no activity it judges the unit on a value dimension. With an activity
    it judges that activity's contribution to the public value goal on the
    dimension, which is what the sensitivity analysis ranks activities by.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="judgements")
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.PROTECT, related_name="judgements"
    )
    dimension = models.ForeignKey(ValueDimension, on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="judgements"
    )
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    rationale = models.TextField(help_text="Why this score: the evidence or the argument.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["recorded_at"])

    class Meta:
        ordering = ["assessment", "stakeholder__name", "dimension__order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=10),
                name="valuation_judgement_score_range",
                violation_error_message=JUDGEMENT_SCORE_RANGE,
            ),
            models.CheckConstraint(
                condition=~models.Q(rationale=""),
                name="valuation_judgement_has_rationale",
                violation_error_message="Every judgement needs a written rationale.",
            ),
            models.UniqueConstraint(
                fields=["assessment", "stakeholder", "dimension"],
                condition=models.Q(activity__isnull=True),
                name="valuation_judgement_one_per_dimension",
                violation_error_message="This stakeholder has already judged this dimension.",
            ),
            models.UniqueConstraint(
                fields=["assessment", "stakeholder", "dimension", "activity"],
                condition=models.Q(activity__isnull=False),
                name="valuation_judgement_one_per_activity_dimension",
                violation_error_message=(
                    "This stakeholder has already judged this activity on this dimension."
                ),
            ),
        ]
        indexes = [
            # The assessment's judgements of activities averaged per activity and
            # dimension (selectors.account.activity_judgement_frame) read from this
            # index alone, already in group order: 30,000 judgements took twice as
            # long sorted from the table.
            models.Index(
                fields=["assessment", "activity", "dimension", "score"],
                condition=models.Q(activity__isnull=False),
                name="judgement_activity_means",
            ),
        ]

    def __str__(self) -> str:
        subject = f"{self.activity} / {self.dimension}" if self.activity_id else self.dimension
        return f"{self.stakeholder} on {subject}: {self.score}/10"


class VoiceWeight(models.Model):
    """How much one stakeholder's perspective counts in the overall value.

    Absent rows mean equal voices. Weights are relative (any non-negative
    numbers); the engine normalises them.
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="voice_weights"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.PROTECT, related_name="voice_weights"
    )
    weight = models.DecimalField(max_digits=6, decimal_places=3)

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "stakeholder__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "stakeholder"],
                name="valuation_voiceweight_one_per_stakeholder",
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0),
                name="valuation_voiceweight_non_negative",
                violation_error_message="A voice weight cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder}: voice {self.weight}"


HORIZON_RANGE = "The horizon is a whole number of years from 1 to 30."
DISCOUNT_NOT_NEGATIVE = "The discount rate cannot be negative."
# No "%" in it: validators and the check constraint %-format their messages.
OPTIMISM_BIAS_RANGE = "The optimism-bias uplift lies between 0 and 200 per cent."
ONE_OFF_NOT_NEGATIVE = "A one-off cost cannot be negative."


class ImprovementIdea(models.Model):
    """An idea to gain more benefit, cut cost or both, followed from idea to measured result.

    `monthly_saving` is the expected fall in the unit's cost per month (negative:
    the idea costs more to run). Its net present value uses `horizon_years`,
    `discount_rate_pct` (the Green Book's 3.5% by default) and an optimism-bias
    uplift on costs (valuation.analysis.improvements).
    """

    class Aim(models.TextChoices):
        BENEFIT = "benefit", "More benefit"
        COST = "cost", "Lower cost"
        BOTH = "both", "Both"

    class Status(models.TextChoices):
        IDEA = "idea", "Idea"
        PLANNED = "planned", "Planned"
        TESTING = "testing", "Testing"
        ADOPTED = "adopted", "Adopted"
        DROPPED = "dropped", "Dropped"

    microsystem = models.ForeignKey(
        Microsystem, on_delete=models.CASCADE, related_name="improvement_ideas"
    )
    title = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    activities = models.ManyToManyField(Activity, blank=True, related_name="improvement_ideas")
    demand_types = models.ManyToManyField(DemandType, blank=True, related_name="improvement_ideas")
    aim = models.CharField(max_length=7, choices=Aim.choices, default=Aim.BOTH)
    monthly_saving = models.DecimalField(
        "expected saving per month (£)",
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        help_text="How much less the unit will spend each month; negative if it costs more.",
    )
    one_off_cost = models.DecimalField(
        "one-off cost (£)", max_digits=12, decimal_places=2, default=Decimal(0)
    )
    optimism_bias_pct = models.DecimalField(
        "optimism-bias uplift on costs (%)", max_digits=5, decimal_places=1, default=Decimal(0)
    )
    horizon_years = models.PositiveSmallIntegerField("horizon (years)", default=5)
    discount_rate_pct = models.DecimalField(
        "discount rate (% a year)", max_digits=5, decimal_places=2, default=Decimal("3.5")
    )
    measures = models.ManyToManyField(Measure, blank=True, related_name="improvement_ideas")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="improvement_ideas"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.IDEA)
    adopted_on = models.DateField(null=True, blank=True)
    # The monthly cost of its activities when it was adopted: "before", for the
    # realised saving (activities keep no dated cost history of their own).
    activities_monthly_cost_at_adoption = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["microsystem", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(horizon_years__gte=1, horizon_years__lte=30),
                name="valuation_improvementidea_horizon_range",
                violation_error_message=HORIZON_RANGE,
            ),
            models.CheckConstraint(
                condition=models.Q(discount_rate_pct__gte=0),
                name="valuation_improvementidea_discount_not_negative",
                violation_error_message=DISCOUNT_NOT_NEGATIVE,
            ),
            models.CheckConstraint(
                condition=models.Q(optimism_bias_pct__gte=0, optimism_bias_pct__lte=200),
                name="valuation_improvementidea_optimism_bias_range",
                violation_error_message=OPTIMISM_BIAS_RANGE,
            ),
            models.CheckConstraint(
                condition=models.Q(one_off_cost__gte=0),
                name="valuation_improvementidea_one_off_not_negative",
                violation_error_message=ONE_OFF_NOT_NEGATIVE,
            ),
            models.CheckConstraint(
                condition=~models.Q(status="adopted") | models.Q(adopted_on__isnull=False),
                name="valuation_improvementidea_adopted_has_date",
                violation_error_message="An adopted idea needs its adoption date.",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ImprovementBenefit(models.Model):
    """The expected gain of an idea on one value dimension, in points of its 0..100 score."""

    idea = models.ForeignKey(ImprovementIdea, on_delete=models.CASCADE, related_name="benefits")
    dimension = models.ForeignKey(ValueDimension, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["idea", "dimension__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "dimension"], name="valuation_improvementbenefit_one_per_dimension"
            ),
            models.CheckConstraint(
                condition=models.Q(points__gte=-100, points__lte=100),
                name="valuation_improvementbenefit_points_range",
                violation_error_message="Benefit points lie between -100 and 100.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.idea}: {self.dimension} {self.points:+}"


class ImprovementStatusChange(models.Model):
    """One dated change of an idea's status; every change is kept."""

    idea = models.ForeignKey(
        ImprovementIdea, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(max_length=8, choices=ImprovementIdea.Status.choices)
    changed_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The idea page lists its history in the order it was recorded (an idea noted
        # today may be recorded as adopted on an earlier date).
        ordering = ["idea", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.idea}: {self.status} on {self.changed_on:%Y-%m-%d}"


class AssessmentTransition(models.Model):
    """One step of an assessment's life: who moved it, when, from which status to which, and why.

    The timeline on the assessment's page and the e-mail to the people it
    concerns are drawn from these; the assessment's own review fields keep only
    the latest step.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=Assessment.Status.choices)
    to_status = models.CharField(max_length=10, choices=Assessment.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            # The assessment's timeline, oldest first.
            models.Index(fields=["assessment", "at"], name="valuation_transition_at"),
        ]

    def __str__(self) -> str:
        step = f"{self.from_status} -> {self.to_status}"
        return f"Assessment {self.assessment_id}: {step} at {self.at:%Y-%m-%d %H:%M}"


MEASURE_TARGET_SAME = "The target must differ from the baseline."
MEASURE_TARGET_HIGHER = "Higher is better, so the target must be above the baseline."
MEASURE_TARGET_LOWER = "Lower is better, so the target must be below the baseline."
MEASURE_TARGET_NEEDS_REASON = (
    "Say why this unit needs its own baseline and target, so others can see why its "
    "score differs from the organisation's default."
)


class MeasureTarget(models.Model):
    """One microsystem's own baseline and target for a measure, instead of the default.

    A housing desk's cost per case is not a library's: a manager or admin sets the
    unit's own reference, with the reason, and the engine scores the unit against
    it and names it. The direction rule (target above the baseline when higher is
    better, below when lower) needs the measure's direction, which the database
    cannot compare across tables: `clean()` and the service check it, and the
    engine leaves a measure unscored, with the reason, if an admin turns the
    measure's direction later.
    """

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="unit_targets")
    microsystem = models.ForeignKey(
        Microsystem, on_delete=models.CASCADE, related_name="measure_targets"
    )
    baseline = models.DecimalField(
        max_digits=14, decimal_places=4, help_text="The value that scores 0 for this unit."
    )
    target = models.DecimalField(
        max_digits=14, decimal_places=4, help_text="The value that scores 100 for this unit."
    )
    reason = models.TextField(
        help_text="Why this unit needs its own baseline and target.",
        error_messages={"blank": MEASURE_TARGET_NEEDS_REASON},
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    # Earlier values, who changed them and when: the unit's History page lists them.
    history = HistoricalRecords(excluded_fields=["set_at"])

    class Meta:
        ordering = ["microsystem", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "microsystem"],
                name="valuation_measuretarget_one_per_unit",
                violation_error_message="This unit already has its own target for this measure.",
            ),
            models.CheckConstraint(
                condition=~models.Q(target=models.F("baseline")),
                name="valuation_measuretarget_target_differs",
                violation_error_message=MEASURE_TARGET_SAME,
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="valuation_measuretarget_has_reason",
                violation_error_message=MEASURE_TARGET_NEEDS_REASON,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} for {self.microsystem}: {self.baseline} -> {self.target}"

    def clean(self) -> None:
        super().clean()
        if self.baseline is None or self.target is None or not self.measure_id:
            return
        if self.baseline == self.target:
            raise ValidationError({"target": MEASURE_TARGET_SAME})
        direction = self.measure.direction
        if direction == Measure.Direction.HIGHER and self.target < self.baseline:
            raise ValidationError({"target": MEASURE_TARGET_HIGHER})
        if direction == Measure.Direction.LOWER and self.target > self.baseline:
            raise ValidationError({"target": MEASURE_TARGET_LOWER})


# The frozen record of an approved assessment lives in its own module (it is long
# enough to deserve one); importing it here registers it with the app.
from valuation.records.models import AssessmentRecord  # noqa: E402, F401
