"""The frozen record of an approved assessment (imported by valuation.models).

Approval stores, as JSON, everything the engine used (its input frames and the
settings) and everything it returned, plus what the other per-assessment pages
show (the perspectives frames). The approved pages are rebuilt from this, never
from today's data. Reopening keeps the record as a superseded version; the next
approval adds version 2, and so on.
"""

from django.conf import settings
from django.db import models


class AssessmentRecord(models.Model):
    assessment = models.ForeignKey(
        # PROTECT: a draft with approved versions behind it is not deleted
        # (services.assessments.assessment_delete refuses first, with a message).
        "valuation.Assessment",
        on_delete=models.PROTECT,
        related_name="records",
    )
    version = models.PositiveIntegerField()
    approved_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The names as they were, so the record still says who after an account is renamed
    # or removed.
    approved_by_name = models.CharField(max_length=300, blank=True)
    approval_comment = models.TextField(blank=True)
    # Set on approval, or on the first view of an assessment approved before
    # records existed (then the figures are those of that first view).
    frozen_at = models.DateTimeField()
    frozen_on_first_view = models.BooleanField(default=False)
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    superseded_by_name = models.CharField(max_length=300, blank=True)
    reopen_reason = models.TextField(blank=True)
    # valuation.records.codec JSON: the engine's AssessmentInputs, its AssessmentResult,
    # the perspectives page's PerspectiveFrames, and the assessment's words and settings
    # the pages show beside the figures.
    inputs = models.JSONField()
    result = models.JSONField()
    perspectives = models.JSONField()
    context = models.JSONField()
    # valuation.records.codec JSON of what the weights, judgements and voices pages
    # show beyond the engine's inputs (methods and pairwise answers, reasons and who
    # recorded them, who set the voices): {"weights": WeightsOverview, "judgements":
    # JudgementsOverview, "voices": VoicesShown}. Empty in records frozen before it was
    # kept: those pages are then rebuilt from `inputs` and `perspectives`.
    pages = models.JSONField(default=dict, blank=True)
    # Headline figures copied out of `result` when frozen, so comparing assessments
    # across an organisation reads a few columns in one query instead of decoding
    # every record's JSON. Null: the engine had no figure (or a record frozen before
    # these columns whose result could not be read).
    value_for_money = models.FloatField(null=True, blank=True)  # points per 1,000 a month
    overall_value = models.FloatField(null=True, blank=True)
    money_per_month = models.FloatField(null=True, blank=True)
    # For the portfolio (valuation.analysis.headline), null where the record cannot say.
    disagreement = models.FloatField(null=True, blank=True)
    contested_dimension_count = models.PositiveIntegerField(null=True, blank=True)
    contested_dimension_names = models.JSONField(null=True, blank=True)  # list of names
    failure_demand_share = models.FloatField(null=True, blank=True)  # 0..1 of demand volume
    failure_cost_per_month = models.FloatField(null=True, blank=True)
    demand_per_month = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["assessment", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "version"],
                name="valuation_assessmentrecord_unique_version",
                violation_error_message="This assessment already has a record with this version.",
            ),
            # The current record: at most one not superseded per assessment.
            models.UniqueConstraint(
                fields=["assessment"],
                condition=models.Q(superseded_at__isnull=True),
                name="valuation_assessmentrecord_one_current",
                violation_error_message="An assessment has at most one current approved record.",
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1),
                name="valuation_assessmentrecord_version_from_one",
                violation_error_message="Versions are numbered from 1.",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(superseded_at__isnull=True, reopen_reason="")
                    | (models.Q(superseded_at__isnull=False) & ~models.Q(reopen_reason=""))
                ),
                name="valuation_assessmentrecord_superseded_with_reason",
                violation_error_message="A superseded record keeps the reason it was reopened.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} version {self.version}"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None
