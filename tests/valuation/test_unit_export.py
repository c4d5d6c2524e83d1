"""A unit's data out and back in: the ZIP round trip, the workbook, and ZIPs that are refused.

The unit: the hand-computed repairs world (tests/support/account.py) with its 2025 Q1
assessment approved, a second assessment left in draft with pairwise weights and a
judgement of an activity, the conftest library's stakeholder and expectation, the
unit's own target for a measure, a retired measure with values, and names a
spreadsheet would run as formulas.
"""

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from microsystems.models import Activity, DemandType, Microsystem, Organisation
from microsystems.services.demand_import import demand_import
from stakeholders.models import Expectation, Stakeholder
from tests.support.account import repairs_world
from tests.support.factories import make_microsystem
from tests.support.hostile_files import declaring_size
from tests.support.records import approve
from tests.support.shared_data import built_once_per_module
from tests.support.world import (
    make_expectation,
    make_organisation,
    make_other_organisation,
    make_personas,
    make_stakeholder,
    persona_ids,
    read_personas,
)
from valuation.analysis.weights import pairs
from valuation.models import (
    Assessment,
    AssessmentRecord,
    DimensionWeight,
    Judgement,
    Measure,
    Measurement,
    MeasureTarget,
    StakeholderWeight,
    ValueDimension,
)
from valuation.reports.dashboard import NOT_STORED
from valuation.reports.unit_export import unit_workbook, unit_zip
from valuation.services.measurements import measurement_import
from valuation.services.unit_import import unit_import
from valuation.unit_files import (
    CSV_COLUMNS,
    FILE_NAMES,
    FILES_EXTRA,
    FILES_MISSING,
    FORMAT_UNKNOWN,
    MANIFEST,
    NOT_A_ZIP,
    UnitFileError,
)

NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)


def build_unit() -> dict:
    """The unit (the module's docstring) and the rows the tests take, by id: built once
    for the module, as engine runs and imports take seconds (tests/support/shared_data.py)."""
    organisation, other_organisation = make_organisation(), make_other_organisation()
    microsystem = make_microsystem(organisation, "Eastfield Library")
    users = make_personas(organisation, other_organisation, microsystem)
    make_expectation(make_stakeholder(microsystem))
    world = repairs_world(microsystem)
    approve(world["assessment"], lead=users["lead"], manager=users["manager"], comment="Fine.")
    # Text that a spreadsheet would run, in a name other files refer to.
    hostile = Stakeholder.objects.create(
        microsystem=microsystem, name='=HYPERLINK("x")', kind="funders", power=4, interest=1
    )
    Expectation.objects.create(stakeholder=hostile, statement="-1 complaints", priority=1)
    draft = Assessment.objects.create(
        microsystem=microsystem, period_label="2025 Q2", start_date=dt.date(2025, 4, 1),
        end_date=dt.date(2025, 6, 30), judgement_share=Decimal("0.25"),
    )  # fmt: skip
    active = list(ValueDimension.objects.filter(active=True))
    header = StakeholderWeight.objects.create(
        assessment=draft, stakeholder=hostile, method="pairwise",
        answers=[[a.pk, b.pk, 3] for a, b in pairs(active)], consistency_ratio=Decimal("0.0123"),
    )  # fmt: skip
    DimensionWeight.objects.bulk_create(
        DimensionWeight(stakeholder_weight=header, dimension=d, weight=Decimal("0.2"))
        for d in active
    )
    Judgement.objects.create(
        assessment=draft, stakeholder=hostile, dimension=world["equity"],
        activity=world["planned"], score=7, rationale="+ fewer emergencies",
    )  # fmt: skip
    MeasureTarget.objects.create(
        measure=Measure.objects.get(code="days-to-repair"), microsystem=microsystem,
        baseline=30, target=5, reason="Rural patch: longer drives.",
    )  # fmt: skip
    retired = Measure.objects.create(
        code="old-measure", name="Old measure", dimension=world["equity"], active=False
    )
    Measurement.objects.create(
        microsystem=microsystem, measure=retired, period_start=dt.date(2024, 1, 1),
        value=Decimal("-3.5"), note="=before the change",
    )  # fmt: skip
    return {
        "unit": microsystem.pk,
        "other_organisation": other_organisation.pk,
        "users": persona_ids(users),
    }


unit_built_once = built_once_per_module(build_unit)


# Each test, in its own savepoint, reads its own copies of the rows.
@pytest.fixture
def unit(unit_built_once, db) -> Microsystem:
    return Microsystem.objects.get(pk=unit_built_once["unit"])


@pytest.fixture
def other_organisation(unit_built_once, db) -> Organisation:
    return Organisation.objects.get(pk=unit_built_once["other_organisation"])


@pytest.fixture
def users(unit_built_once, db) -> dict:
    return read_personas(unit_built_once["users"])


def zip_members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in ("microsystems", "stakeholders", "valuation")
        for model in apps.get_app_config(app).get_models()
    }


def sheets(content: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


def test_export_import_export_gives_the_same_files(unit, other_organisation, users):
    first = unit_zip(unit, exported_at=NOW)
    imported = unit_import(content=first, file_name="unit.zip", organisation=other_organisation)
    copy = imported.microsystem
    assert (copy.organisation, copy.name) == (other_organisation, unit.name)
    assert imported.slug_changed and copy.slug == f"{unit.slug}-2"

    second = unit_zip(copy, exported_at=NOW + dt.timedelta(hours=1))
    before, after = zip_members(first), zip_members(second)
    assert list(before) == list(after) == list(FILE_NAMES)
    for name in FILE_NAMES:
        if name != MANIFEST:
            assert before[name] == after[name], name
    manifest_before, manifest_after = json.loads(before[MANIFEST]), json.loads(after[MANIFEST])
    for manifest in (manifest_before, manifest_after):
        manifest.pop("exported_at")
        manifest["source_unit"].pop("slug")
        manifest["source_unit"].pop("organisation")
    assert manifest_before == manifest_after
    # Every file holds data, so the comparison compares something.
    assert all(before[name].count(b"\n") > 1 for name in CSV_COLUMNS), [
        name for name in CSV_COLUMNS if before[name].count(b"\n") <= 1
    ]


@pytest.mark.slow  # two workbooks written and read back: seconds
def test_the_imported_units_workbook_equals_the_originals(unit, other_organisation):
    copy = unit_import(
        content=unit_zip(unit, exported_at=NOW), file_name="u.zip", organisation=other_organisation
    ).microsystem
    original, imported = sheets(unit_workbook(unit)), sheets(unit_workbook(copy))
    assert all(len(rows) > 1 for rows in original.values()), original
    assert imported == original


def test_the_imported_approved_assessment_shows_its_frozen_figures(
    unit, other_organisation, client_for
):
    copy = unit_import(
        content=unit_zip(unit, exported_at=NOW), file_name="unit.zip",
        organisation=other_organisation, lead_email="",
    ).microsystem  # fmt: skip
    original = AssessmentRecord.objects.get(assessment__microsystem=unit)
    record = AssessmentRecord.objects.get(assessment__microsystem=copy)
    assert record.approved_by is None
    assert record.approved_by_name == original.approved_by_name != ""
    assert record.overall_value == original.overall_value == pytest.approx(63.4375)
    assessment = record.assessment
    assert assessment.status == Assessment.Status.APPROVED
    response = client_for("admin").get(
        reverse("valuation:assessment", kwargs={"slug": copy.slug, "assessment_id": assessment.pk})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "63.4" in html
    # Approved on the other instance, by someone who has no account here.
    assert "Approved</strong> by someone with no account here" in html


def test_formulas_are_escaped_in_the_files_and_unescaped_on_import(unit, other_organisation):
    members = zip_members(unit_zip(unit, exported_at=NOW))
    assert b"'=HYPERLINK" in members["stakeholders.csv"]
    assert b"'=before the change" in members["measurements.csv"]
    copy = unit_import(
        content=unit_zip(unit, exported_at=NOW), file_name="u.zip", organisation=other_organisation
    ).microsystem
    assert copy.stakeholders.filter(name='=HYPERLINK("x")').exists()
    workbook = sheets(unit_workbook(unit))
    assert workbook["Stakeholders"][1][:2] == ('\'=HYPERLINK("x")', "Funders and commissioners")


def test_the_workbook_has_a_sheet_per_topic_and_marks_drafts(unit):
    workbook = sheets(unit_workbook(unit))
    assert list(workbook) == [
        "Profile", "Demand types", "Demand", "Staff", "Activities", "Activity effort",
        "Stakeholders", "Expectations", "Measures", "Measurements", "Weights", "Judgements",
        "Voices", "Assessments", "Dimension scores",
    ]  # fmt: skip
    header, approved, draft = workbook["Assessments"]
    assert approved[:5] == ("2025 Q1", dt.datetime(2025, 1, 1), dt.datetime(2025, 3, 31),
                            "Approved", 1)  # fmt: skip
    assert approved[header.index("Overall value (0-100)")] == pytest.approx(63.4375)
    assert approved[header.index("Cost per month (£)")] == pytest.approx(10_500 / 3)
    assert draft[3] == "Draft" and draft[-1].startswith("Draft: provisional")
    # The draft's figures are today's: the same activities cost the same.
    assert draft[header.index("Cost per month (£)")] == pytest.approx(10_500 / 3)
    assert draft[header.index("Overall value (0-100)")] is None  # no judgement of the unit
    # 12 months of two demand types.
    assert len(workbook["Demand"]) == 1 + 24


def test_an_approved_assessment_without_a_stored_record_says_so(unit):
    Assessment.objects.create(
        microsystem=unit, period_label="2024 Q4", start_date=dt.date(2024, 10, 1),
        end_date=dt.date(2024, 12, 31), status=Assessment.Status.APPROVED,
    )  # fmt: skip
    header, old, *_ = sheets(unit_workbook(unit))["Assessments"]
    assert old[:4] == ("2024 Q4", dt.datetime(2024, 10, 1), dt.datetime(2024, 12, 31), "Approved")
    assert old[header.index("Overall value (0-100)")] is None
    assert old[-1] == f"Approved. {NOT_STORED}"


def test_the_command_imports_and_says_where(unit, other_organisation, users, tmp_path):
    users["lead"].email = "lead@example.org"
    users["lead"].save()
    path = tmp_path / "unit.zip"
    path.write_bytes(unit_zip(unit, exported_at=NOW))
    out = io.StringIO()
    call_command("import_unit", str(path), organisation="southgate", lead="LEAD@example.org",
                 stdout=out)  # fmt: skip
    copy = Microsystem.objects.get(organisation=other_organisation)
    assert f"/microsystems/{copy.slug}/" in out.getvalue()
    assert copy.memberships.get().user == users["lead"]


def test_the_command_refuses_an_unknown_organisation_and_lead(unit, tmp_path, users):
    path = tmp_path / "unit.zip"
    path.write_bytes(unit_zip(unit, exported_at=NOW))
    with pytest.raises(CommandError, match="no organisation with the slug “nowhere”"):
        call_command("import_unit", str(path), organisation="nowhere")
    before = row_counts()
    with pytest.raises(CommandError, match="nobody@example.org"):
        call_command("import_unit", str(path), organisation="southgate", lead="nobody@example.org")
    assert row_counts() == before


# ---------------------------------------------------------------- refusals, nothing saved


def refused(content: bytes, organisation, *, name: str = "unit.zip") -> list[str]:
    before = row_counts()
    with pytest.raises(UnitFileError) as error:
        unit_import(content=content, file_name=name, organisation=organisation)
    assert row_counts() == before
    return error.value.messages


def test_a_zip_with_a_missing_or_an_extra_file_is_refused(unit, other_organisation):
    members = zip_members(unit_zip(unit, exported_at=NOW))
    without = {name: content for name, content in members.items() if name != "judgements.csv"}
    assert refused(zip_of(without), other_organisation) == [
        FILES_MISSING.format(names="judgements.csv")
    ]
    extra = {**members, "notes/readme.txt": b"hello"}
    assert refused(zip_of(extra), other_organisation) == [
        FILES_EXTRA.format(names="notes/readme.txt")
    ]


def test_bad_rows_are_named_by_file_row_and_column(unit, other_organisation):
    members = zip_members(unit_zip(unit, exported_at=NOW))
    members["stakeholders.csv"] = members["stakeholders.csv"].replace(b",4,1,", b",9,1,")
    members["demand.csv"] = members["demand.csv"].replace(b"2025-03-01,100", b"2025-03-01,-3")
    messages = refused(zip_of(members), other_organisation)
    assert any(m.startswith("stakeholders.csv, row 2, column power:") for m in messages), messages
    # The stakeholders are refused first: nothing after them is read until they are right.
    members = zip_members(unit_zip(unit, exported_at=NOW))
    members["demand.csv"] = members["demand.csv"].replace(b"2025-03-01,100", b"2025-03-01,-3")
    messages = refused(zip_of(members), other_organisation)
    assert messages == [
        "demand.csv: Row 16, column C (volume): -3 is negative; volumes are 0 or more."
    ]


def test_a_bad_row_late_in_the_import_leaves_nothing_behind(unit, other_organisation):
    members = zip_members(unit_zip(unit, exported_at=NOW))
    members["judgements.csv"] = members["judgements.csv"].replace(b",7,", b",11,")
    messages = refused(zip_of(members), other_organisation)
    assert len(messages) == 1 and messages[0].startswith("judgements.csv, row 5, column score:")


def test_a_reference_to_nothing_is_named(unit, other_organisation):
    members = zip_members(unit_zip(unit, exported_at=NOW))
    members["activity_effort.csv"] += b"Nothing like it,Repairs officer,3\n"
    assert refused(zip_of(members), other_organisation) == [
        "activity_effort.csv, row 4, column activity: no activity “Nothing like it” in "
        "activities.csv"
    ]


def test_a_missing_dimension_is_refused_by_name(unit, other_organisation):
    members = zip_members(unit_zip(unit, exported_at=NOW))
    members["judgements.csv"] = members["judgements.csv"].replace(b",Equity,", b",Serenity,")
    messages = refused(zip_of(members), other_organisation)
    assert messages and all("value dimension “Serenity”" in m for m in messages)


def test_not_a_zip_an_unknown_version_and_a_taken_name_are_refused(unit, other_organisation):
    assert refused(b"name,value\n", other_organisation, name="unit.csv") == [
        NOT_A_ZIP.format(name="unit.csv")
    ]
    members = zip_members(unit_zip(unit, exported_at=NOW))
    manifest = json.loads(members[MANIFEST])
    members[MANIFEST] = json.dumps({**manifest, "format_version": 2}).encode()
    assert refused(zip_of(members), other_organisation) == [FORMAT_UNKNOWN.format(version=2)]
    # Into its own organisation: the name is taken there.
    messages = refused(unit_zip(unit, exported_at=NOW), unit.organisation)
    assert messages == [
        f"{unit.organisation} already has a microsystem called “{unit.name}”; import into "
        "another organisation, or rename that one first"
    ]


def test_a_zip_that_unpacks_too_far_is_refused_before_it_is_read(
    unit, other_organisation, monkeypatch
):
    monkeypatch.setattr("valuation.unit_files.MAX_UNPACKED_BYTES", 1 << 20)
    members = zip_members(unit_zip(unit, exported_at=NOW))
    # 2 MB of zeros compress to a few kilobytes.
    members["staff.csv"] += b"0" * (2 << 20)
    content = zip_of(members)
    assert len(content) < 50_000
    assert refused(content, other_organisation) == [
        "“unit.zip” unpacks to more than 1 MB, more than a unit export holds; "
        "it is not an export of this application."
    ]
    # A member whose headers understate its size is read no further than they say,
    # and then fails its checksum.
    lying = declaring_size(content, "staff.csv", 100)
    assert refused(lying, other_organisation) == [NOT_A_ZIP.format(name="unit.zip")]


def test_a_frozen_record_that_cannot_be_read_is_refused(unit, other_organisation):
    members = zip_members(unit_zip(unit, exported_at=NOW))
    records = json.loads(members["assessment_records.json"])
    records[0]["result"] = {"$dataclass": "os.system", "fields": {}}
    members["assessment_records.json"] = json.dumps(records).encode()
    (message,) = refused(zip_of(members), other_organisation)
    assert message.startswith("assessment_records.json, record 1: its frozen figures cannot")


# ---------------------------------------------------------------- the download views


@pytest.mark.parametrize("name", ["valuation:unit_export_zip", "valuation:unit_export_workbook"])
def test_the_exports_download_for_viewers(name, unit, client_for):
    response = client_for("member").get(reverse(name, kwargs={"slug": unit.slug}))
    assert response.status_code == 200
    suffix = "zip" if name.endswith("zip") else "xlsx"
    assert response["Content-Disposition"].endswith(f'.{suffix}"')
    assert response.content.startswith(b"PK\x03\x04")


@pytest.mark.parametrize("persona", ["outsider", "other_manager"])
def test_a_unit_they_may_not_see_is_not_found(persona, unit, client_for):
    for name in ("valuation:unit_export_zip", "valuation:unit_export_workbook"):
        response = client_for(persona).get(reverse(name, kwargs={"slug": unit.slug}))
        assert response.status_code == 404


def test_the_profile_links_to_both_exports(unit, client_for):
    page = client_for("member").get(reverse("microsystems:detail", kwargs={"slug": unit.slug}))
    html = page.content.decode()
    assert reverse("valuation:unit_export_zip", kwargs={"slug": unit.slug}) in html
    assert reverse("valuation:unit_export_workbook", kwargs={"slug": unit.slug}) in html


def test_demand_types_and_activities_come_back_with_their_links(unit, other_organisation):
    copy = unit_import(
        content=unit_zip(unit, exported_at=NOW), file_name="u.zip", organisation=other_organisation
    ).microsystem
    emergency = Activity.objects.get(microsystem=copy, name="Emergency repairs")
    assert sorted(emergency.demand_types.values_list("name", flat=True)) == [
        "Chasing calls", "Repair requests"
    ]  # fmt: skip
    assert DemandType.objects.get(microsystem=copy, name="Chasing calls").nature == "failure"


def test_demand_and_measurements_are_files_their_uploads_take(unit, users):
    """The ZIP's demand.csv and measurements.csv, uploaded to the unit they came from, are
    read by the uploads themselves and change nothing (every row equals what is saved)."""
    members = zip_members(unit_zip(unit, exported_at=NOW))
    demand = demand_import(
        microsystem=unit,
        uploaded_file=SimpleUploadedFile("demand.csv", members["demand.csv"]),
        replace=False,
    )
    assert (demand.rows, demand.unchanged, demand.created) == (24, 24, 0)
    measurements = measurement_import(
        microsystem=unit,
        uploaded_file=SimpleUploadedFile("measurements.csv", members["measurements.csv"]),
        replace=False,
        user=users["lead"],
    )
    assert (measurements.rows, measurements.unchanged, measurements.created) == (12, 12, 0)
