"""Forms of the portal and review pages; they parse input, the services judge it."""

from django import forms
from django.conf import settings

from reports.models import ListedDetainer

from .models import Correction, Decision, Ground
from .services import AMENDABLE


class DisputeForm(forms.Form):
    """A new case's ground and explanation, or an open case to add to (the service says what is missing)."""

    ground = forms.ChoiceField(choices=[("", "Choose a ground…"), *Ground.choices], required=False)
    explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
        help_text="What happened, and how your records show it. At least 10 characters.",
    )
    add_to = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class EntryIdsField(forms.Field):
    """A list of entry ids from checkboxes named alike."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        try:
            return sorted({int(v) for v in value})
        except (TypeError, ValueError):
            raise forms.ValidationError("entry ids must be whole numbers") from None

    def validate(self, value: list[int]) -> None:
        if not value:
            raise forms.ValidationError("select at least one entry")


class BulkDisputeForm(DisputeForm):
    entries = EntryIdsField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["explanation"].widget.attrs["rows"] = 3


class EvidenceForm(forms.Form):
    file = forms.FileField(
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
        help_text=f"JPEG, PNG or PDF, up to {settings.EVIDENCE_MAX_BYTES // (1024 * 1024)} MB. "
        "Photos keep their camera time (EXIF), which reviewers compare with the declined date."
    )
    description = forms.CharField(label="Description (optional)", max_length=300, required=False)

    def __init__(self, *args, file_required: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].required = file_required


class SubmitForm(forms.Form):
    note = forms.CharField(
        label="Note to the reviewer (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(choices=Decision.Outcome.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="Published with the correction notice. At least 10 characters.",
    )
    action = forms.ChoiceField(
        choices=[("", "—"), *Correction.Action.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text="For a correction only.",
    )
    fips = forms.CharField(
        label="Jurisdiction FIPS code",
        max_length=10,
        required=False,
        help_text="The jurisdiction the entries really belong to",
    )
    facility = forms.CharField(max_length=200, required=False)
    citizenship = forms.CharField(max_length=100, required=False)
    detainer_issued = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    declined = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    criminal_activity = forms.CharField(label="Notable criminal activity", max_length=300, required=False)
    activity_basis = forms.ChoiceField(
        label="Basis",
        choices=[("", "No change"), *[(v, label) for v, label in ListedDetainer.Basis.choices if v]],
        required=False,
    )
    clear_criminal_activity = forms.BooleanField(
        required=False,
        label="Clear the criminal activity and its basis",
    )

    AMENDMENT_FIELDS = AMENDABLE

    def amendments(self) -> dict | None:
        """The amendment fields the reviewer filled in, as the service takes them; None when there are none."""
        data = self.cleaned_data
        amendments: dict = {}
        for name in self.AMENDMENT_FIELDS:
            value = data.get(name)
            if value in (None, ""):
                continue
            amendments[name] = value.isoformat() if hasattr(value, "isoformat") else value
        if data.get("clear_criminal_activity"):
            amendments["criminal_activity"] = ""
            amendments["activity_basis"] = ""
        return amendments or None


class AgencyFilterForm(forms.Form):
    """Which entries an agency correction looks at."""

    report = forms.ModelChoiceField(queryset=None, required=False, empty_label="Every report")
    jurisdiction = forms.CharField(required=False, max_length=100, help_text="Name or FIPS code")
    state = forms.CharField(required=False, max_length=2, label="State (postal code)")
    declined_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    declined_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    before_period = forms.BooleanField(required=False, label="Detainer issued before the report period")

    def __init__(self, *args, **kwargs) -> None:
        from reports.models import Report

        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = Report.objects.order_by("-period_start")


class AgencyCorrectionForm(DecisionForm):
    """An agency-initiated correction: the entries, a ground, remove or amend, and the rationale."""

    outcome = forms.CharField(required=False, widget=forms.HiddenInput)
    entries = EntryIdsField()
    ground = forms.ChoiceField(choices=[("", "Choose a ground…"), *Ground.choices])
