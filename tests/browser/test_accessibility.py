"""axe-core finds no violation on any page, for every role, at 1280 and 390 px wide, and nothing scrolls sideways."""

import pytest

from disputes.models import Case, CorrectionNotice
from reports.models import ListedDetainer, Report

from .conftest import WIDTHS, axe_violations


def _pages() -> dict[str | None, list[str]]:
    report = Report.objects.published().first()
    travis_entry = ListedDetainer.objects.filter(jurisdiction__fips="48453").order_by("row_number").first()
    travis_case = Case.objects.get(jurisdiction__fips="48453")
    hennepin_decided = Case.objects.filter(jurisdiction__fips="27053", decision__isnull=False).first()
    franklin_case = Case.objects.get(jurisdiction__fips="36033")
    return {
        None: [
            "/",
            f"/reports/{report.pk}/",
            f"/reports/{report.pk}/?page=2",
            f"/reports/{report.pk}/revisions/1/",
            f"/reports/{report.pk}/revisions/",
            "/corrections/",
            f"/corrections/?report={report.pk}",
            f"/corrections/{CorrectionNotice.objects.order_by('pk').first().number}/",
            "/jurisdictions/48453/",
            "/accounts/login/",
            "/no-such-page/",
        ],
        "travis-sheriff": [
            "/portal/",
            "/portal/?state=listed&q=Travis&sort=declined",
            f"/portal/entries/{travis_entry.pk}/",
            f"/portal/cases/{travis_case.pk}/",
        ],
        "hennepin-sheriff": ["/portal/", f"/portal/cases/{hennepin_decided.pk}/"],
        "franklin-sheriff": [f"/portal/cases/{franklin_case.pk}/"],
        "reviewer": [
            "/review/",
            f"/review/cases/{travis_case.pk}/",
            f"/review/cases/{hennepin_decided.pk}/",
            "/review/agency-correction/?jurisdiction=Travis",
            "/review/workload/",
            "/review/security/",
            "/review/status/",
            "/review/reports/",
            f"/review/reports/{report.pk}/",
        ],
        "senior-reviewer": ["/review/", f"/review/cases/{travis_case.pk}/"],
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_for_every_role_has_no_axe_violations(open_page, width):
    found = {}
    for role, paths in _pages().items():
        page = open_page(role, width)
        for path in paths:
            page.goto(page.base + path)
            problems = axe_violations(page)
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > width:
                problems.append(f"the page is {wide} px wide in a {width} px window: something scrolls sideways")
            if problems:
                found[f"{role or 'public'} {path}"] = problems
        page.context.close()
    assert found == {}
