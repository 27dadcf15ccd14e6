"""Path converters shared by every URL."""

from django.urls import register_converter


class IdConverter:
    """A database id: digits that fit a 64-bit integer (a longer number is no object, 404, not a 500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")
