"""Tests for the demand entry pages: the grid, the upload and the download."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from microsystems.forms.demand_entry import GRID_CONFLICT_MESSAGE, GRID_PERIODS
from microsystems.models import DemandObservation, DemandType
from microsystems.periods import period_start_for, recent_periods, shift_periods
from microsystems.services import demand_import as service

HEADER = "demand_type,period_start,volume\r\n"


def url(name: str, microsystem, query: str = "") -> str:
    return reverse(f"microsystems:{name}", kwargs={"slug": microsystem.slug}) + query


def cell_name(demand_type, period_start: date) -> str:
    return f"v_{demand_type.pk}_{period_start:%Y%m%d}"


def volumes(microsystem) -> dict[tuple[str, date], int]:
    return {
        (name, start): volume
        for name, start, volume in DemandObservation.objects.filter(
            demand_type__microsystem=microsystem
        ).values_list("demand_type__name", "period_start", "volume")
    }


@pytest.fixture
def months():
    """The grid's default columns for a monthly microsystem, oldest first."""
    return recent_periods("month", GRID_PERIODS, ending=timezone.localdate())


class TestGridPage:
    def test_shows_a_row_per_type_and_the_twelve_latest_periods(
        self, client_for, microsystem, demand_type, months
    ):
        DemandObservation.objects.create(
            demand_type=demand_type, period_start=months[-1], volume=1234
        )
        response = client_for("lead").get(url("demand_grid", microsystem))
        assert response.status_code == 200
        form = response.context["form"]
        assert form.period_starts == months
        assert [row.demand_type for row in form.rows] == [demand_type]
        html = response.content.decode()
        # Plain digits in the input, never the localised "1,234".
        assert f'name="{cell_name(demand_type, months[-1])}" value="1234"' in html
        assert "<caption" in html and 'scope="row"' in html and 'inputmode="numeric"' in html
        input_id = f"id_{cell_name(demand_type, months[-1])}"
        label = f"Book loans, {form.periods[-1][1]}"
        assert f'<label class="visually-hidden" for="{input_id}">{label}</label>' in html
        assert response.context["later_end"] is None

    def test_pages_back_and_forward_by_twelve_periods(
        self, client_for, microsystem, demand_type, months
    ):
        earlier = client_for("lead").get(
            url("demand_grid", microsystem, f"?end={months[0]:%Y-%m-%d}")
        )
        assert earlier.context["form"].period_starts[-1] == months[0]
        assert earlier.context["earlier_end"] == shift_periods(months[0], "month", -12).isoformat()
        assert earlier.context["later_end"] == months[-1].isoformat()

    @pytest.mark.parametrize("end", ["yesterday", "2026-02-30", "0001-01-01"])
    def test_a_bad_end_parameter_shows_the_current_periods(
        self, client_for, microsystem, demand_type, end
    ):
        response = client_for("lead").get(url("demand_grid", microsystem, f"?end={end}"))
        assert response.status_code == 200
        current = period_start_for(timezone.localdate(), "month")
        assert response.context["form"].period_starts[-1] == current

    def test_an_end_outside_the_window_offers_no_cell_there_and_says_why(
        self, client_for, microsystem, demand_type, months
    ):
        response = client_for("lead").get(url("demand_grid", microsystem, "?end=2999-12-01"))
        assert response.status_code == 200
        assert response.context["form"].period_starts == months
        html = response.content.decode()
        assert "_2999" not in html
        assert (
            "2999-12-01 is outside the years this service records; use a date from 1900-01-01 "
            "to 2199-12-31. The current periods are shown instead."
        ) in html

    def test_a_cell_posted_for_a_period_outside_the_window_is_not_saved(
        self, client_for, microsystem, demand_type
    ):
        far = cell_name(demand_type, date(2999, 12, 1))
        response = client_for("lead").post(
            url("demand_grid", microsystem, "?end=2999-12-01"), {far: "3", f"was_{far}": ""}
        )
        assert response.status_code == 302
        assert volumes(microsystem) == {}

    @pytest.mark.parametrize(
        ("granularity", "end", "first", "last"),
        [
            ("month", "1900-03-01", date(1900, 1, 1), date(1900, 12, 1)),
            ("week", "1900-01-01", date(1900, 1, 1), date(1900, 3, 19)),
            ("quarter", "1900-01-01", date(1900, 1, 1), date(1902, 10, 1)),
        ],
    )
    def test_the_grid_never_offers_a_period_before_the_window(
        self, client_for, microsystem, demand_type, granularity, end, first, last
    ):
        microsystem.period_granularity = granularity
        microsystem.save()
        response = client_for("lead").get(url("demand_grid", microsystem, f"?end={end}"))
        starts = response.context["form"].period_starts
        assert (starts[0], starts[-1]) == (first, last)
        assert response.context["earlier_end"] is None
        assert f"Earliest {granularity} shown" in response.content.decode()

    def test_paging_back_near_the_window_stops_at_its_first_periods(
        self, client_for, microsystem, demand_type
    ):
        response = client_for("lead").get(url("demand_grid", microsystem, "?end=1901-06-01"))
        assert response.context["earlier_end"] == "1900-12-01"

    def test_the_grid_never_offers_a_period_after_the_window(
        self, client_for, microsystem, demand_type
    ):
        response = client_for("lead").get(url("demand_grid", microsystem, "?end=2199-12-31"))
        assert response.context["form"].period_starts[-1] == date(2199, 12, 1)

    def test_without_demand_types_says_to_add_them_first(self, client_for, microsystem):
        response = client_for("lead").get(url("demand_grid", microsystem))
        assert response.status_code == 200
        assert "Add demand types first" in response.content.decode()
        assert url("demand_types", microsystem) in response.content.decode()

    def test_post_saves_the_whole_grid_and_redirects(
        self, client_for, microsystem, demand_type, months
    ):
        chasing = DemandType.objects.create(microsystem=microsystem, name="Chasing calls")
        DemandObservation.objects.create(demand_type=chasing, period_start=months[0], volume=9)
        response = client_for("lead").post(
            url("demand_grid", microsystem),
            {
                cell_name(demand_type, months[-1]): "1,234",
                f"was_{cell_name(demand_type, months[-1])}": "",
                cell_name(chasing, months[0]): "",
                f"was_{cell_name(chasing, months[0])}": "9",
                cell_name(chasing, months[1]): " 0 ",
                f"was_{cell_name(chasing, months[1])}": "",
            },
        )
        assert response.status_code == 302
        assert volumes(microsystem) == {
            ("Book loans", months[-1]): 1234,
            ("Chasing calls", months[1]): 0,
        }
        page = client_for("lead").get(response.url)
        assert "Saved demand: 2 added, 0 changed, 1 cleared." in page.content.decode()

    def test_a_bad_cell_is_shown_beside_it_and_nothing_is_saved(
        self, client_for, microsystem, demand_type, months
    ):
        bad = cell_name(demand_type, months[3])
        response = client_for("lead").post(
            url("demand_grid", microsystem),
            {cell_name(demand_type, months[2]): "12", bad: "2.5"},
        )
        assert response.status_code == 200
        label = response.context["form"].periods[3][1]
        message = f"Book loans, {label}: {service.VOLUME_FRACTIONAL.format(value='2.5')}."
        html = response.content.decode()
        assert f'aria-describedby="id_{bad}_error"' in html
        assert (
            f'<div class="invalid-feedback text-start" id="id_{bad}_error">{message}</div>' in html
        )
        assert f'<a href="#id_{bad}">{message}</a>' in html  # the error summary
        assert f'name="{bad}" value="2.5"' in html  # what the user typed is kept
        assert not DemandObservation.objects.exists()

    def test_a_number_too_long_to_convert_is_shown_as_too_large_not_a_server_error(
        self, client_for, microsystem, demand_type, months
    ):
        bad = cell_name(demand_type, months[3])
        response = client_for("lead").post(url("demand_grid", microsystem), {bad: "9" * 5000})
        assert response.status_code == 200
        label = response.context["form"].periods[3][1]
        problem = service.VOLUME_TOO_LARGE.format(value="9" * 39 + "…", limit=service.MAX_VOLUME)
        assert f"Book loans, {label}: {problem}." in response.content.decode()
        assert not DemandObservation.objects.exists()

    def test_a_cell_changed_by_someone_else_meanwhile_is_not_overwritten(
        self, client_for, microsystem, demand_type, months
    ):
        DemandObservation.objects.create(demand_type=demand_type, period_start=months[0], volume=7)
        name = cell_name(demand_type, months[0])
        client = client_for("lead")
        # The page was loaded when the cell was 5; it is 7 now.
        response = client.post(url("demand_grid", microsystem), {name: "8", f"was_{name}": "5"})
        assert response.status_code == 200
        assert GRID_CONFLICT_MESSAGE.format(
            demand_type="Book loans",
            period=response.context["form"].periods[0][1],
            expected=5, current=7, new=8,
        ) in response.content.decode()  # fmt: skip
        assert volumes(microsystem) == {("Book loans", months[0]): 7}
        # The re-shown page now carries 7 as the value seen, so saving again replaces it.
        assert f'name="was_{name}" value="7"' in response.content.decode()
        client.post(url("demand_grid", microsystem), {name: "8", f"was_{name}": "7"})
        assert volumes(microsystem) == {("Book loans", months[0]): 8}

    def test_a_member_may_not_post(self, client_for, microsystem, demand_type, months):
        response = client_for("member").post(
            url("demand_grid", microsystem), {cell_name(demand_type, months[0]): "3"}
        )
        assert response.status_code == 403
        assert not DemandObservation.objects.exists()


# The upload page: tests/test_period_data_upload.py.


class TestDownload:
    # As Excel saves "CSV UTF-8": with a byte-order mark, as every CSV we write has.
    CSV = f"{HEADER}Book loans,2026-01-01,4\r\nBook loans,2026-02-01,0\r\n".encode("utf-8-sig")

    def test_csv_download_equals_the_uploaded_file(self, client_for, microsystem, demand_type):
        client = client_for("lead")
        client.post(
            url("demand_upload", microsystem), {"file": SimpleUploadedFile("d.csv", self.CSV)}
        )
        response = client.get(url("demand_download", microsystem))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert (
            response["Content-Disposition"] == 'attachment; filename="eastfield-library-demand.csv"'
        )
        assert response.content == self.CSV

    def test_a_member_may_download_excel(self, client_for, microsystem, demand_type):
        DemandObservation.objects.create(
            demand_type=demand_type, period_start=date(2026, 1, 1), volume=4
        )
        response = client_for("member").get(url("demand_download", microsystem, "?format=xlsx"))
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
            ["demand_type", "period_start", "volume"],
            ["Book loans", datetime(2026, 1, 1), 4],  # a real date cell
        ]

    def test_an_unknown_format_is_a_bad_request(self, client_for, microsystem):
        assert (
            client_for("member").get(url("demand_download", microsystem, "?format=pdf")).status_code
            == 400
        )
