"""What changed between two frozen revisions, so no jurisdiction enters or leaves a report unnoticed."""

from config.dates import show_date

ENTRY_FIELDS = {
    "jurisdiction": ("Jurisdiction", lambda r: f"{r['name']}, {r['state']}"),
    "facility": ("Facility", lambda r: r["facility"]),
    "citizenship": ("Citizenship", lambda r: r["citizenship"]),
    "detainer_issued": ("Detainer issued", lambda r: show_date(r["detainer_issued"])),
    "declined": ("Declined", lambda r: show_date(r["declined"])),
    "criminal_activity": (
        "Notable criminal activity",
        lambda r: f"{r['criminal_activity']} ({r['activity_basis']})" if r["criminal_activity"] else "none",
    ),
}


def _entry_changes(before: dict, after: dict) -> list[dict]:
    return [
        {"field": label, "before": show(before), "after": show(after)}
        for label, show in ENTRY_FIELDS.values()
        if show(before) != show(after)
    ]


def diff_content(before: dict, after: dict) -> dict:
    """Section I, II and III differences from `before` to `after` (revision content dicts)."""
    b1 = {r["fips"]: r for r in before.get("section_i", [])}
    a1 = {r["fips"]: r for r in after.get("section_i", [])}
    b2 = {r["entry_id"]: r for r in before.get("section_ii", [])}
    a2 = {r["entry_id"]: r for r in after.get("section_ii", [])}
    b3 = {r["fips"]: r for r in before.get("section_iii", [])}
    a3 = {r["fips"]: r for r in after.get("section_iii", [])}
    changes = {
        "section_i_entered": [a1[f] for f in a1 if f not in b1],
        "section_i_left": [b1[f] for f in b1 if f not in a1],
        "section_i_changed": [
            {"before": b1[f], "after": a1[f]}
            for f in a1
            if f in b1 and (b1[f]["issued"], b1[f]["rank"]) != (a1[f]["issued"], a1[f]["rank"])
        ],
        "section_ii_removed": [b2[i] for i in b2 if i not in a2],
        "section_ii_added": [a2[i] for i in a2 if i not in b2],
        "section_ii_amended": [
            {"row": a2[i]["row"], "changes": changed}
            for i in a2
            if i in b2 and (changed := _entry_changes(b2[i], a2[i]))
        ],
        "section_iii_entered": [a3[f] for f in a3 if f not in b3],
        "section_iii_left": [b3[f] for f in b3 if f not in a3],
    }
    changes["any"] = any(changes.values())
    return changes
