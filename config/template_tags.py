"""Template tags every page can use without loading them (TEMPLATES' builtins)."""

from django import template

from .dates import show_date
from .forms import summary

register = template.Library()


@register.inclusion_tag("_error_summary.html")
def error_summary(error, *forms) -> dict:
    """The error summary for a service error and the page's forms (see config.forms)."""
    return {"items": summary(error, list(forms)), "status": getattr(error, "status", 400)}


@register.filter
def day(value) -> str:
    """A date, or a date written YYYY-MM-DD (as frozen revisions and snapshots keep it), as the site shows dates."""
    return show_date(value)
