"""Path converters shared by every URL."""

import re

from django.urls import register_converter


class IdConverter:
    """A database id: digits that fit a 64-bit integer (a longer number is no object, 404, not a 500)."""

    regex = "[0-9]{1,18}"

    @classmethod
    def regex_match(cls, value: str) -> bool:
        """Whether a query parameter is an id as a path would take it."""
        return re.fullmatch(cls.regex, value) is not None

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")
