"""Validating API input (with errors named by field), and the references other representations share."""

from collections.abc import Mapping

from rest_framework import serializers
from rest_framework.settings import api_settings

from config.errors import InvalidInput
from reports.models import Report
from reports.serializers import EntryFieldsSerializer


def validated(serializer_class: type[serializers.Serializer], data) -> dict:
    """Validated input, or InvalidInput naming every problem (so the API answers 400 {detail, field})."""
    serializer = serializer_class(data=data)
    if serializer.is_valid():
        return serializer.validated_data
    problems = _flatten(serializer.errors)
    detail = "; ".join(f"{field}: {message}" if field else message for field, message in problems)
    raise InvalidInput(detail, field=problems[0][0])


def _flatten(errors, field: str | None = None) -> list[tuple[str | None, str]]:
    # Nested errors are named by their leaf field, as the services name amendment fields.
    if isinstance(errors, Mapping):
        return [
            problem
            for key, value in errors.items()
            # A list item's error (keyed by its index) is named by the list's field.
            for problem in _flatten(
                value, field if key == api_settings.NON_FIELD_ERRORS_KEY or not isinstance(key, str) else key
            )
        ]
    if isinstance(errors, list):
        return [problem for item in errors for problem in _flatten(item, field)]
    return [(field, str(errors))]


def choices_message(values) -> str:
    return "{input!r} is not one of: " + ", ".join(v for v in values if v)


# --- references ----------------------------------------------------------------------------------


class ReportRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "period_start", "period_end"]


class EntrySnapshotSerializer(EntryFieldsSerializer):
    """An entry's published fields at one moment (the before and after of a correction)."""

    fips = serializers.CharField(read_only=True)
    jurisdiction = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True)
