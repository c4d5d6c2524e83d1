"""The History page's filters: which kind of record, whose changes."""

from django import forms


class HistoryFilterForm(forms.Form):
    kind = forms.ChoiceField(label="What", required=False)
    person = forms.TypedChoiceField(label="Who", required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, kinds: list[tuple[str, str]], people: list[tuple[int, str]]):
        super().__init__(data)
        self.fields["kind"].choices = [("", "Everything"), *kinds]
        self.fields["person"].choices = [("", "Everyone"), *people]

    def filters(self) -> tuple[str, int | None]:
        """(kind, person id) chosen; an unknown choice counts as no filter, never an error."""
        if not self.is_valid():
            return "", None
        return self.cleaned_data["kind"], self.cleaned_data["person"]
