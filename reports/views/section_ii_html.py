"""Section II of a report page as HTML: the page's rows and its filter's choices, written in Python.

A report page shows 100 Section II rows and a filter with one choice per jurisdiction, state and facility. In
the template language those loops took most of the page's render (about 0.15 ms a row); here a row costs a
few microseconds. The markup is what `public/report.html` wrote for them; tests/reports/test_section_ii_html.py
pins it, escaping included.
"""

from html import escape as _escape

from django.utils.safestring import SafeString, mark_safe

from config.dates import show_date

from ..models import ListedDetainer

AMENDED_ROW = '<tr class="amended">'
AMENDED_BADGE = ' <span class="badge badge-amended">Amended</span>'
BASIS = {value: str(label).lower() for value, label in ListedDetainer.Basis.choices}



def escape(value) -> str:
    """As django.utils.html.escape (the same characters), without its lazy wrapper: ~1,000 calls a page."""
    return _escape(str(value))


# A contested entry's badge class, badge, note, and how the note joins its date (no date: the note alone).
MARKS = {
    "disputed": ("badge-disputed", "Disputed", "Disputed by the jurisdiction since", " "),
    "upheld": ("badge-upheld", "Upheld", "Upheld after the jurisdiction's dispute", ", "),
    "appealed": ("badge-disputed", "Appealed", "Upheld, then appealed by the jurisdiction", " on "),
    "upheld_final": ("badge-upheld", "Upheld on appeal", "Upheld after the jurisdiction's appeal", ", "),
}


def _mark_html(mark: dict, day) -> str:
    """A row's contested mark: its badge and a note with the date (`day` writes it, escaped)."""
    shown = MARKS.get(mark.get("status") or "")
    if shown is None:
        return ""
    tone, badge, note, joint = shown
    since = mark.get("since")
    if since or mark["status"] == "disputed":
        note = f"{note}{joint}{day(since)}"
    return f' <span class="badge {tone}">{badge}</span> <span class="mark-note">{note}</span>'


def rows_html(rows: list[dict], marks: dict | None, *, filtered: bool) -> SafeString:
    """The table body's rows: each frozen row with its mark (live `marks` by entry id on the current revision,
    else the one frozen with the row), and the jurisdiction's standing statement under an upheld row."""
    if not rows:
        empty = "No entries match the filter." if filtered else "No declined detainers listed."
        return mark_safe(f'<tr><td colspan="8" class="empty">{empty}</td></tr>')  # noqa: S308  (constant text)
    dates: dict = {}

    def day(value) -> str:
        if value not in dates:
            dates[value] = escape(show_date(value))
        return dates[value]

    out = []
    for row in rows:
        mark = (marks.get(row.get("entry_id")) if marks is not None else row.get("dispute_status")) or {}
        name, state, number = escape(row.get("name", "")), escape(row.get("state", "")), escape(row.get("row", ""))
        amended = row.get("amended")
        activity = row.get("criminal_activity")
        if activity:
            basis = row.get("activity_basis") or ""
            activity_html = f'{escape(activity)} <span class="muted">({escape(BASIS.get(basis, basis))})</span>'
        else:
            activity_html = '<span class="muted">None noted</span>'
        out.append(
            (AMENDED_ROW if amended else "<tr>")
            + f'<td data-label="Row">{number}{AMENDED_BADGE if amended else ""}{_mark_html(mark, day)}</td>'
            f'<td data-label="State">{state}</td>'
            f'<td data-label="Jurisdiction">{name}</td>'
            f'<td data-label="Facility" class="facility">{escape(row.get("facility", ""))}</td>'
            f'<td data-label="Citizenship">{escape(row.get("citizenship", ""))}</td>'
            f'<td data-label="Detainer issued" class="nowrap">{day(row.get("detainer_issued"))}</td>'
            f'<td data-label="Declined" class="nowrap">{day(row.get("declined"))}</td>'
            f'<td data-label="Notable criminal activity">{activity_html}</td></tr>\n'
        )
        if mark.get("statement"):
            out.append(
                f'<tr class="statement-row"><td colspan="8"><div class="statement-text"><strong>Statement of {name}, '
                f"{state} on row {number}</strong> (the jurisdiction's own words, published after the agency upheld "
                f"this entry): “{escape(mark['statement'])}”</div></td></tr>\n"
            )
    return mark_safe("".join(out))  # noqa: S308  (every value above is escaped)


def options_html(choices: list, chosen: str) -> SafeString:
    """A filter's `<option>`s: `(value, label)` pairs, or plain values that are their own labels."""
    out = []
    for choice in choices:
        value, label = choice if isinstance(choice, tuple) else (None, choice)
        selected = " selected" if (choice if value is None else value) == chosen else ""
        attr = "" if value is None else f' value="{escape(value)}"'
        out.append(f"<option{attr}{selected}>{escape(label)}</option>")
    return mark_safe("".join(out))  # noqa: S308  (every value above is escaped)
