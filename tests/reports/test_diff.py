from reports.diff import diff_content


def row_i(fips, name, issued, rank):
    return {"fips": fips, "name": name, "state": "NY", "issued": issued, "as_published": issued, "rank": rank}


def row_ii(entry_id, **kw):
    base = {
        "entry_id": entry_id, "row": entry_id, "fips": "27053", "name": "Hennepin County", "state": "MN",
        "facility": "ADC", "citizenship": "Mexico", "detainer_issued": "2017-01-28", "declined": "2017-01-30",
        "criminal_activity": "Assault", "activity_basis": "charge", "amended": False,
    }  # fmt: skip
    return {**base, **kw}


def test_a_jurisdiction_dropped_from_section_i_is_reported_not_silently_lost():
    before = {"section_i": [row_i("36059", "Nassau County", 38, 1), row_i("17031", "Cook County", 13, 2)]}
    after = {"section_i": [row_i("17031", "Cook County", 13, 1)]}
    changes = diff_content(before, after)
    assert [r["name"] for r in changes["section_i_left"]] == ["Nassau County"]
    assert [(c["before"]["rank"], c["after"]["rank"]) for c in changes["section_i_changed"]] == [(2, 1)]
    assert changes["any"]


def test_removed_and_amended_entries_are_listed_with_before_and_after():
    before = {"section_ii": [row_ii(1), row_ii(2)]}
    after = {"section_ii": [row_ii(2, name="Dallas County", state="TX", fips="48113", amended=True)]}
    changes = diff_content(before, after)
    assert [r["entry_id"] for r in changes["section_ii_removed"]] == [1]
    assert changes["section_ii_amended"] == [
        {
            "row": 2,
            "changes": [{"field": "Jurisdiction", "before": "Hennepin County, MN", "after": "Dallas County, TX"}],
        }
    ]


def test_identical_revisions_have_no_changes():
    content = {"section_i": [row_i("1", "A", 1, 1)], "section_ii": [row_ii(1)], "section_iii": []}
    assert diff_content(content, content)["any"] is False
