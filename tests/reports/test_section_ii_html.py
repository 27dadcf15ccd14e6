"""Section II rows and filter choices written in Python: the markup the template wrote, escaped the same way."""

import re

from django.template import engines

from reports.views.section_ii_html import options_html, rows_html
from tests.reports.test_views_public import section_ii_row as row

# The template's own loop as it was before the rows moved to Python, fed what the view gave it then.
TEMPLATE_ROWS = """{% for row in section_ii %}
<tr{% if row.amended %} class="amended"{% endif %}>
  <td data-label="Row">{{ row.row }}{% if row.amended %} <span class="badge badge-amended">Amended</span>{% endif %}
    {% if row.mark.status == "disputed" %}<span class="badge badge-disputed">Disputed</span> <span class="mark-note">Disputed by the jurisdiction since {{ row.mark.since|day }}</span>
    {% elif row.mark.status == "upheld" %}<span class="badge badge-upheld">Upheld</span> <span class="mark-note">Upheld after the jurisdiction's dispute{% if row.mark.since %}, {{ row.mark.since|day }}{% endif %}</span>
    {% elif row.mark.status == "appealed" %}<span class="badge badge-disputed">Appealed</span> <span class="mark-note">Upheld, then appealed by the jurisdiction{% if row.mark.since %} on {{ row.mark.since|day }}{% endif %}</span>
    {% elif row.mark.status == "upheld_final" %}<span class="badge badge-upheld">Upheld on appeal</span> <span class="mark-note">Upheld after the jurisdiction's appeal{% if row.mark.since %}, {{ row.mark.since|day }}{% endif %}</span>{% endif %}</td>
  <td data-label="State">{{ row.state }}</td>
  <td data-label="Jurisdiction">{{ row.name }}</td>
  <td data-label="Facility" class="facility">{{ row.facility }}</td>
  <td data-label="Citizenship">{{ row.citizenship }}</td>
  <td data-label="Detainer issued" class="nowrap">{{ row.detainer_issued|day }}</td>
  <td data-label="Declined" class="nowrap">{{ row.declined|day }}</td>
  <td data-label="Notable criminal activity">{% if row.criminal_activity %}{{ row.criminal_activity }} <span class="muted">({{ row.basis_label|lower }})</span>{% else %}<span class="muted">None noted</span>{% endif %}</td>
</tr>
{% if row.mark.statement %}<tr class="statement-row"><td colspan="8"><div class="statement-text"><strong>Statement of {{ row.name }}, {{ row.state }} on row {{ row.row }}</strong> (the jurisdiction's own words, published after the agency upheld this entry): “{{ row.mark.statement }}”</div></td></tr>{% endif %}
{% empty %}<tr><td colspan="8" class="empty">{% if filtered %}No entries match the filter.{% else %}No declined detainers listed.{% endif %}</td></tr>
{% endfor %}"""  # noqa: E501


def as_template_wrote(rows: list[dict], marks: dict, filtered: bool = False) -> str:
    shown = [
        {**r, "basis_label": {"conviction": "Conviction", "charge": "Charge"}.get(r["activity_basis"], "None noted"),
         "mark": marks.get(r["entry_id"]) or {}}
        for r in rows
    ]
    return engines["django"].from_string(TEMPLATE_ROWS).render({"section_ii": shown, "filtered": filtered})


def tags(html: str) -> str:
    """The markup with whitespace next to tags dropped and other runs collapsed: layout, not content."""
    return re.sub(r"\s+", " ", re.sub(r"\s*(<|>)\s*", r"\1", html)).strip()


ROWS = [
    row(1),
    row(2, amended=True, criminal_activity="", activity_basis=""),
    row(3, name='O"Brien & <Sons>', facility="<script>alert(1)</script>", citizenship="Côte d'Ivoire"),
    row(4, criminal_activity="Assault", activity_basis="charge", declined="2017-12-31"),
    row(5),
    row(6, amended=True),
    row(7),
    row(8),
]
MARKS = {
    1: {"status": "disputed", "since": "2017-02-03"},
    3: {"status": "upheld", "since": "2017-03-01", "statement": "We handed both to ICE <at 09:14>."},
    4: {"status": "appealed", "since": None},
    5: {"status": "upheld_final", "since": "2017-05-09"},
    6: {"status": "upheld", "since": None},
    7: {"status": "disputed", "since": None},
}


def test_rows_are_the_markup_the_template_wrote_for_every_mark_and_escape():
    ours = rows_html(ROWS, MARKS, filtered=False)
    assert tags(ours) == tags(as_template_wrote(ROWS, MARKS))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in ours and "<script>" not in ours
    assert "O&quot;Brien &amp; &lt;Sons&gt;" in ours
    assert "“We handed both to ICE &lt;at 09:14&gt;.”" in ours
    assert '<td data-label="Declined" class="nowrap">Dec 31, 2017</td>' in ours
    assert "Upheld after the jurisdiction's appeal, May 9, 2017" in ours
    assert "Upheld, then appealed by the jurisdiction</span>" in ours  # no date, no " on"


def test_a_revision_other_than_the_current_shows_the_marks_frozen_with_its_rows():
    frozen = [row(1, dispute_status={"status": "upheld", "since": "2017-03-01"}), row(2, dispute_status=None)]
    ours = rows_html(frozen, None, filtered=False)
    assert tags(ours) == tags(as_template_wrote(frozen, {1: frozen[0]["dispute_status"]}))
    assert ours.count("badge-upheld") == 1


def test_no_rows_say_why():
    assert "No declined detainers listed." in rows_html([], {}, filtered=False)
    assert "No entries match the filter." in rows_html([], {}, filtered=True)
    assert tags(rows_html([], {}, filtered=True)) == tags(as_template_wrote([], {}, filtered=True))


def test_filter_options_mark_the_chosen_one_and_escape_values_and_labels():
    assert options_html([("48453", "Travis County, TX"), ("06029", 'Kern "County", CA')], "48453") == (
        '<option value="48453" selected>Travis County, TX</option>'
        '<option value="06029">Kern &quot;County&quot;, CA</option>'
    )
    assert options_html(["CA", "TX"], "TX") == "<option>CA</option><option selected>TX</option>"
    assert options_html(["<b>Jail</b>"], "") == "<option>&lt;b&gt;Jail&lt;/b&gt;</option>"
