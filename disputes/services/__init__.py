"""Writes of the disputes app: cases and their entries, decisions, and the side effects they start.

`cases` and `decisions` hold the transitions (who may do what, in which state), `previews` what a decision
would change before it is recorded; `publishing` holds the side effects the tasks run (revisions, notice PDFs,
emails).
"""

from .appeals import decide_appeal, file_appeal, file_statement, publish_statement, review_statement
from .cases import (
    MAX_FILES,
    add_case_evidence,
    add_entries,
    add_evidence,
    delete_evidence,
    dispute_case_id,
    file_dispute,
    open_case,
    remove_entry,
    set_note,
    submit_case,
    submit_dispute,
)
from .common import entry_snapshot, next_number
from .decisions import AMENDABLE, correct_by_agency, decide_case, decide_dispute
from .previews import describe_decision, preview_agency_correction, preview_case_decision
from .publishing import publish_decision, render_notice, resume_pending, send_notification
from .workload import assign_case, claim_case, send_reminders

__all__ = [
    "AMENDABLE",
    "MAX_FILES",
    "add_case_evidence",
    "assign_case",
    "claim_case",
    "decide_appeal",
    "file_appeal",
    "file_statement",
    "review_statement",
    "send_reminders",
    "add_entries",
    "add_evidence",
    "correct_by_agency",
    "decide_case",
    "decide_dispute",
    "delete_evidence",
    "describe_decision",
    "dispute_case_id",
    "entry_snapshot",
    "file_dispute",
    "next_number",
    "open_case",
    "preview_agency_correction",
    "preview_case_decision",
    "publish_decision",
    "publish_statement",
    "remove_entry",
    "render_notice",
    "resume_pending",
    "send_notification",
    "set_note",
    "submit_case",
    "submit_dispute",
]
