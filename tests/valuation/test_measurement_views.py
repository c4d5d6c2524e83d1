"""Tests for a microsystem's measurement pages: overview, grid, upload and download."""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from microsystems.forms.demand_entry import GRID_PERIODS
from microsystems.periods import period_start_for, recent_periods, shift_periods
from microsystems.report_cache import unit_report_if_cached
from tests.support.accessibility import accessibility_problems
from tests.support.factories import make_microsystem
from valuation import measurement_files as files
from valuation.forms.measurements import GRID_CONFLICT_MESSAGE
from valuation.models import Measure, Measurement, ValueDimension
from valuation.reports.measurements import MeasurementsPageHtml, measurements_page
from valuation.selectors.measurements import measurements_overview
from valuation.services.measurements import measurement_grid_save
from valuation.views.measurements import MEASUREMENTS_READS

HEADER = "measure,period_start,value\r\n"


def url(name: str, microsystem, query: str = "") -> str:
    return reverse(f"valuation:{name}", kwargs={"slug": microsystem.slug}) + query


def cell_name(measure, period_start: date) -> str:
    return f"m_{measure.pk}_{period_start:%Y%m%d}"


def values(microsystem) -> dict[tuple[str, date], tuple[Decimal, str | None]]:
    return {
        (code, start): (value, who)
        for code, start, value, who in Measurement.objects.filter(
            microsystem=microsystem
        ).values_list("measure__code", "period_start", "value", "recorded_by__username")
    }


@pytest.fixture
def months():
    """The grid's default columns for a monthly microsystem, oldest first."""
    return recent_periods("month", GRID_PERIODS, ending=timezone.localdate())


@pytest.fixture
def repairs(microsystem) -> Measure:
    measure = Measure.objects.create(
        name="Days to complete a repair",
        code="days-to-repair",
        dimension=ValueDimension.objects.get(slug="efficiency"),
        kind=Measure.Kind.TIME,
        unit="days",
        direction=Measure.Direction.LOWER,
        baseline=28,
        target=10,
        applies_to_all=False,
    )
    measure.microsystems.add(microsystem)
    return measure


@pytest.fixture
def others(microsystem, organisation):
    """Measures this microsystem does not record now: one retired with values here, one
    chosen by another microsystem only, one dropped from this microsystem's list."""
    probity = ValueDimension.objects.get(slug="probity")
    retired = Measure.objects.create(
        name="Open audit findings", code="audit-findings", dimension=probity, active=False
    )
    Measurement.objects.create(
        microsystem=microsystem, measure=retired, period_start=date(2024, 6, 1), value=3
    )
    elsewhere = Measure.objects.create(
        name="Appeals upheld", code="appeals-upheld", dimension=probity, applies_to_all=False
    )
    elsewhere.microsystems.add(make_microsystem(organisation, "School Admissions"))
    dropped = Measure.objects.create(
        name="Data incidents", code="data-incidents", dimension=probity, applies_to_all=False
    )
    dropped.microsystems.add(elsewhere.microsystems.get())
    Measurement.objects.create(
        microsystem=microsystem, measure=dropped, period_start=date(2024, 6, 1), value=1
    )
    return {"retired": retired, "elsewhere": elsewhere, "dropped": dropped}


class TestOverview:
    def test_lists_the_measures_in_use_with_their_latest_values(
        self, client_for, microsystem, measure, repairs, others
    ):
        for month, value in [(1, "64.5"), (2, "71.25")]:
            Measurement.objects.create(
                microsystem=microsystem, measure=measure, period_start=date(2026, month, 1),
                value=Decimal(value),
            )  # fmt: skip
        response = client_for("lead").get(url("measurements", microsystem))
        assert response.status_code == 200
        # The view keeps only the page's counts and HTML; its rows are the report's.
        rows = measurements_page(measurements_overview(microsystem), "month").rows
        assert response.context["measures"] == 4 and response.context["recordable"] == 2
        assert [(row.measure.code, row.status) for row in rows] == [
            ("days-to-repair", ""),  # efficiency comes before effectiveness
            ("users-satisfied", ""),
            ("data-incidents", "No longer used here"),
            ("audit-findings", "Retired"),
        ]
        satisfied = rows[1]
        assert (satisfied.latest_value, satisfied.latest_period, satisfied.periods_recorded) == (
            "71.25% a month",  # what it is per (issue 13 item 7)
            "Feb 2026",
            2,
        )
        assert (satisfied.baseline, satisfied.target) == ("60% a month", "90% a month")
        assert (rows[0].latest_value, rows[0].baseline) == ("—", "28 days a month")
        html = response.content.decode()
        shown = [html.index(f"<code>{row.measure.code}</code>") for row in rows]
        assert shown == sorted(shown)
        assert "4 measures: 2 recorded now, then retired or dropped ones" in html
        assert "Higher is better" in html and "Lower is better" in html
        assert ">Retired</span>" in html
        assert "appeals-upheld" not in html
        for name in ("measurement_grid", "measurement_upload"):
            assert url(name, microsystem) in html
        assert url("measurement_download", microsystem, "?format=csv") in html
        assert accessibility_problems(html) == []

    def test_viewers_see_the_measures_but_no_entry_links(self, client_for, microsystem, measure):
        for persona in ("member", "manager"):
            html = client_for(persona).get(url("measurements", microsystem)).content.decode()
            assert "users-satisfied" in html
            assert url("measurement_grid", microsystem) not in html
            assert "The team leader enters them." in html

    def test_without_measures_says_an_admin_configures_them(self, client_for, microsystem):
        html = client_for("lead").get(url("measurements", microsystem)).content.decode()
        assert "No measures for this microsystem yet" in html
        assert "An administrator configures the measures" in html
        assert reverse("valuation:measures") not in html  # a lead cannot open that page
        assert accessibility_problems(html) == []
        admin_html = client_for("admin").get(url("measurements", microsystem)).content.decode()
        assert reverse("valuation:measures") in admin_html


class TestGrid:
    def test_shows_a_row_per_active_measure_and_the_twelve_latest_periods(
        self, client_for, microsystem, measure, repairs, others, months
    ):
        Measurement.objects.create(
            microsystem=microsystem, measure=measure, period_start=months[-1],
            value=Decimal("1234.5"),
        )  # fmt: skip
        response = client_for("lead").get(url("measurement_grid", microsystem))
        assert response.status_code == 200
        form = response.context["form"]
        assert form.period_starts == months
        assert [row.measure for row in form.rows] == [repairs, measure]
        html = response.content.decode()
        # Plain digits in the input, never the localised "1,234.5" or "1234.5000".
        assert f'name="{cell_name(measure, months[-1])}" value="1234.5"' in html
        assert 'inputmode="decimal"' in html
        label = f"Users satisfied, {form.periods[-1][1]}"
        input_id = f"id_{cell_name(measure, months[-1])}"
        assert f'<label class="visually-hidden" for="{input_id}">{label}</label>' in html
        assert response.context["later_end"] is None
        assert accessibility_problems(html) == []

    def test_pages_back_by_twelve_periods(self, client_for, microsystem, measure, months):
        earlier = client_for("lead").get(
            url("measurement_grid", microsystem, f"?end={months[0]:%Y-%m-%d}")
        )
        assert earlier.context["form"].period_starts[-1] == months[0]
        assert earlier.context["earlier_end"] == shift_periods(months[0], "month", -12).isoformat()
        assert earlier.context["later_end"] == months[-1].isoformat()

    def test_an_end_outside_the_window_offers_no_cell_there_and_says_why(
        self, client_for, microsystem, measure, months
    ):
        response = client_for("lead").get(url("measurement_grid", microsystem, "?end=2999-12-01"))
        assert response.status_code == 200
        assert response.context["form"].period_starts == months
        html = response.content.decode()
        assert "_2999" not in html
        assert "2999-12-01 is outside the years this service records" in html

    def test_a_cell_posted_for_a_period_outside_the_window_is_not_saved(
        self, client_for, microsystem, measure
    ):
        far = cell_name(measure, date(2999, 12, 1))
        response = client_for("lead").post(
            url("measurement_grid", microsystem, "?end=2999-12-01"), {far: "3", f"was_{far}": ""}
        )
        assert response.status_code == 302
        assert values(microsystem) == {}

    def test_the_grid_never_offers_a_period_before_the_window(
        self, client_for, microsystem, measure
    ):
        response = client_for("lead").get(url("measurement_grid", microsystem, "?end=1900-01-01"))
        assert response.context["form"].period_starts[0] == date(1900, 1, 1)
        assert response.context["earlier_end"] is None

    def test_a_weekly_microsystem_gets_weeks(self, client_for, microsystem, measure):
        microsystem.period_granularity = "week"
        microsystem.save()
        form = client_for("lead").get(url("measurement_grid", microsystem)).context["form"]
        assert form.period_starts[-1] == period_start_for(timezone.localdate(), "week")
        assert all(start.weekday() == 0 for start in form.period_starts)

    def test_post_saves_decimals_negatives_and_clears_recording_who(
        self, client_for, microsystem, measure, repairs, months
    ):
        Measurement.objects.create(
            microsystem=microsystem, measure=repairs, period_start=months[0], value=9
        )
        response = client_for("lead").post(
            url("measurement_grid", microsystem),
            {
                cell_name(measure, months[-1]): "1,234.56789",
                f"was_{cell_name(measure, months[-1])}": "",
                cell_name(repairs, months[0]): "",
                f"was_{cell_name(repairs, months[0])}": "9",
                cell_name(repairs, months[1]): " -0.5 ",
                f"was_{cell_name(repairs, months[1])}": "",
            },
        )
        assert response.status_code == 302
        assert values(microsystem) == {
            ("users-satisfied", months[-1]): (Decimal("1234.5679"), "lead"),
            ("days-to-repair", months[1]): (Decimal("-0.5"), "lead"),
        }
        page = client_for("lead").get(response.url)
        assert "Saved measurements: 2 added, 0 changed, 1 cleared." in page.content.decode()

    @pytest.mark.parametrize(
        ("typed", "problem"),
        [
            ("85%", files.VALUE_NOT_A_NUMBER.format(value="85%")),
            ("12,5", files.VALUE_NOT_A_NUMBER.format(value="12,5")),
            ("99999999999", files.VALUE_TOO_LARGE.format(value="99999999999")),
        ],
    )
    def test_a_bad_cell_is_shown_beside_it_and_nothing_is_saved(
        self, client_for, microsystem, measure, months, typed, problem
    ):
        bad = cell_name(measure, months[3])
        response = client_for("lead").post(
            url("measurement_grid", microsystem),
            {cell_name(measure, months[2]): "12", bad: typed},
        )
        assert response.status_code == 200
        label = response.context["form"].periods[3][1]
        message = f"Users satisfied, {label}: {problem}."
        html = response.content.decode()
        assert f'aria-describedby="id_{bad}_error"' in html
        assert f'id="id_{bad}_error">{message}</div>' in html.replace("&quot;", '"')
        assert f'<a href="#id_{bad}">' in html  # the error summary links to the cell
        assert f'name="{bad}" value="{typed}"' in html  # what the user typed is kept
        assert accessibility_problems(html) == []
        assert not Measurement.objects.exists()

    def test_a_cell_changed_by_someone_else_meanwhile_is_not_overwritten(
        self, client_for, microsystem, measure, months
    ):
        Measurement.objects.create(
            microsystem=microsystem, measure=measure, period_start=months[0], value=Decimal("7.5")
        )
        name = cell_name(measure, months[0])
        client = client_for("lead")
        # The page was loaded when the cell was 5; it is 7.5 now.
        response = client.post(
            url("measurement_grid", microsystem), {name: "8", f"was_{name}": "5"}
        )
        assert response.status_code == 200
        assert GRID_CONFLICT_MESSAGE.format(
            measure="Users satisfied", period=response.context["form"].periods[0][1],
            expected="5", current="7.5", new="8",
        ) in response.content.decode()  # fmt: skip
        assert values(microsystem) == {("users-satisfied", months[0]): (Decimal("7.5"), None)}
        # The re-shown page now carries 7.5 as the value seen, so saving again replaces it.
        assert f'name="was_{name}" value="7.5"' in response.content.decode()
        client.post(url("measurement_grid", microsystem), {name: "8", f"was_{name}": "7.5"})
        assert values(microsystem) == {("users-satisfied", months[0]): (Decimal("8"), "lead")}

    def test_a_member_may_not_post(self, client_for, microsystem, measure, months):
        response = client_for("member").post(
            url("measurement_grid", microsystem), {cell_name(measure, months[0]): "3"}
        )
        assert response.status_code == 403
        assert not Measurement.objects.exists()

    def test_without_measures_says_an_admin_configures_them(self, client_for, microsystem):
        html = client_for("lead").get(url("measurement_grid", microsystem)).content.decode()
        assert "No measures to record" in html and "An administrator configures" in html
        assert accessibility_problems(html) == []


# The upload page: tests/test_period_data_upload.py.


class TestDownload:
    # As Excel saves "CSV UTF-8": with a byte-order mark, as every CSV we write has.
    CSV = (
        b"\xef\xbb\xbfmeasure,period_start,value,note\r\n"
        b"days-to-repair,2026-01-01,12.5,\r\n"
        b"days-to-repair,2026-02-01,-3,Backlog cleared\r\n"
        b"users-satisfied,2026-01-01,70.0001,\r\n"
    )

    def test_a_download_uploads_again_unchanged(self, client_for, microsystem, measure, repairs):
        client = client_for("lead")
        client.post(
            url("measurement_upload", microsystem), {"file": SimpleUploadedFile("m.csv", self.CSV)}
        )
        response = client.get(url("measurement_download", microsystem))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == (
            'attachment; filename="eastfield-library-measurements.csv"'
        )
        assert response.content == self.CSV
        # Uploaded again as it is: nothing to replace, nothing refused.
        again = client.post(
            url("measurement_upload", microsystem),
            {"file": SimpleUploadedFile("back.csv", response.content)},
        )
        assert again.status_code == 302
        assert (
            "Imported 3 rows (0 replaced, 3 unchanged)." in client.get(again.url).content.decode()
        )
        # And into an empty microsystem, either format restores every value and note.
        before = saved_rows()
        for file_format in ("csv", "xlsx"):
            content = client.get(
                url("measurement_download", microsystem, f"?format={file_format}")
            ).content
            Measurement.objects.all().delete()
            restored = client.post(
                url("measurement_upload", microsystem),
                {"file": SimpleUploadedFile(f"back.{file_format}", content)},
            )
            assert restored.status_code == 302, file_format
            assert saved_rows() == before, file_format

    def test_a_member_may_download_excel(self, client_for, microsystem, measure):
        Measurement.objects.create(
            microsystem=microsystem, measure=measure, period_start=date(2026, 1, 1),
            value=Decimal("70.5"), note="Estimated",
        )  # fmt: skip
        response = client_for("member").get(
            url("measurement_download", microsystem, "?format=xlsx")
        )
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
            ["measure", "period_start", "value", "note"],
            ["users-satisfied", datetime(2026, 1, 1), 70.5, "Estimated"],  # a date, a number
        ]

    def test_an_unknown_format_is_a_bad_request(self, client_for, microsystem):
        response = client_for("member").get(url("measurement_download", microsystem, "?format=pdf"))
        assert response.status_code == 400


def saved_rows() -> set[tuple]:
    return set(Measurement.objects.values_list("measure__code", "period_start", "value", "note"))


def test_the_cached_page_is_counts_and_html_and_a_save_retires_it(
    client_for, microsystem, measure, users, django_assert_num_queries
):
    """A repeat view unpickles no measure and no figure: the cached report holds the
    page's counts and its rendered HTML only; a value saved shows on the next view."""
    Measurement.objects.bulk_create(
        Measurement(microsystem=microsystem, measure=measure, period_start=date(2025, n, 1),
                    value=60 + n)
        for n in range(1, 13)
    )  # fmt: skip
    client = client_for("lead")
    assert "93.5" not in client.get(url("measurements", microsystem)).content.decode()
    cached = unit_report_if_cached("measurements", microsystem, reads=MEASUREMENTS_READS)
    assert isinstance(cached, MeasurementsPageHtml)
    assert [type(value) for value in vars(cached).values()] == [int, int, bool, SafeString,
                                                                 SafeString]  # fmt: skip
    assert (cached.measures, cached.recordable, cached.has_values) == (1, 1, True)
    with django_assert_num_queries(3):  # session, user, the unit: no query of the report's
        repeat = client.get(url("measurements", microsystem)).content.decode()
    assert cached.rows_html in repeat and cached.run_charts_html in repeat
    assert repeat.count("data-chart-figure") == 1
    measurement_grid_save(
        microsystem=microsystem, values={(measure.pk, date(2025, 12, 1)): Decimal("93.5")},
        user=users["lead"],
    )  # fmt: skip
    assert "93.5% a month" in client.get(url("measurements", microsystem)).content.decode()
