"""How forms show their problems: each field's error beside it, and every error in a summary at the top.

The pattern is the GOV.UK Design System's error summary: a box at the top of the page listing each
problem as a link to its field, focused when the page loads; the same message at the field, which is
marked `aria-invalid` and described by its hint and its error.
"""

from django.forms import Form
from django.forms.renderers import TemplatesSetting

from .errors import ServiceError


class FormRenderer(TemplatesSetting):
    """Fields render with the site's field template (label, hint, error, widget), from the project's templates."""

    field_template_name = "forms/field.html"


def summary(error: ServiceError | None, forms: list[Form | None]) -> list[dict]:
    """Every problem to list at the top, as {text, href}.

    A service error about a field of a submitted form is shown at that field too.
    """
    forms = [f for f in forms if f is not None]
    if error is not None and error.field:
        for form in forms:
            if form.is_bound and error.field in form.fields:
                if not form.errors.get(error.field):
                    form.add_error(error.field, _sentence(error.message))
                error = None
                break
    items = []
    for form in forms:
        for name, messages in form.errors.items():
            href = f"#{form[name].auto_id}" if name in form.fields else ""
            items.extend({"text": _sentence(message), "href": href} for message in messages)
    if error is not None:
        # A field of a form written out by hand has the id field-<name> (see templates/forms/_manual_error.html).
        href = f"#field-{error.field}" if error.field else ""
        items.insert(0, {"text": _sentence(error.message), "href": href})
    return items


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]
