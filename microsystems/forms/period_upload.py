"""The upload form of every kind of period data: a CSV or Excel file, and whether to replace."""

from django import forms

from core.tabular_files import (
    EXTENSIONS,
    XLSX_CONTENT_TYPE,
    TabularFileError,
    check_name_and_size,
)

REPLACE_HELP = (
    "Tick to overwrite {values} already saved for the same {key_noun} and period. Left "
    "unticked, a file that would change saved {values} is refused and the differences are "
    "listed."
)


class PeriodDataUploadForm(forms.Form):
    """`values` and `key_noun` word the replace box: "figures" ... "demand type"."""

    file = forms.FileField(
        label="CSV or Excel file",
        help_text="A .csv (UTF-8) or .xlsx file of up to 5 MB, laid out as described on this page.",
        widget=forms.FileInput(
            attrs={"accept": ",".join([*EXTENSIONS, "text/csv", XLSX_CONTENT_TYPE])}
        ),
    )
    replace = forms.BooleanField(label="Replace existing values", required=False)

    def __init__(self, *args, values: str, key_noun: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replace"].help_text = REPLACE_HELP.format(values=values, key_noun=key_noun)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_name_and_size(upload.name, upload.size)
        except TabularFileError as error:
            raise forms.ValidationError(error.message) from None
        return upload
