import datetime as dt
import io
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from PIL import Image, ImageDraw

from disputes import services
from disputes.models import Ground
from jurisdictions.models import Account
from jurisdictions.services import create_account
from reports.models import ListedDetainer, Report
from reports.services import import_report, publish_report

DEMO_CSV = Path(settings.BASE_DIR) / "demo" / "ddor-2017-01-28.csv"
PERIOD = (dt.date(2017, 1, 28), dt.date(2017, 2, 3))
DEMO_PASSWORD = "ddor-demo-2017"
ACCOUNTS = [
    ("travis-sheriff", Account.Role.SHERIFF, "48453"),
    ("hennepin-sheriff", Account.Role.SHERIFF, "27053"),
    ("franklin-sheriff", Account.Role.SHERIFF, "36033"),
    ("reviewer", Account.Role.REVIEWER, None),
    ("senior-reviewer", Account.Role.SENIOR_REVIEWER, None),
]


def release_photo(when: str, caption: str) -> bytes:
    """A stand-in for a jail's time-stamped release photo, with the time in its EXIF data."""
    image = Image.new("RGB", (640, 400), (58, 63, 70))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 60, 600, 330), outline=(200, 200, 200), width=3)
    draw.text((60, 80), "SALLY PORT CAM 3", fill=(240, 240, 240))
    draw.text((60, 110), caption, fill=(240, 240, 240))
    draw.text((420, 360), when.replace(":", "-", 2), fill=(255, 230, 0))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0132] = "Axis", "Q1615 Sally Port Camera", when
    exif.get_ifd(0x8769)[0x9003] = when
    exif.get_ifd(0x8769)[0x9011] = "-06:00"
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, exif=exif)
    return out.getvalue()


class Command(BaseCommand):
    help = "Load the demo: the first 2017 report period, demo accounts, and disputes at every stage."

    def handle(self, *args, **options):
        if Report.objects.filter(period_start=PERIOD[0], period_end=PERIOD[1]).exists():
            self.stdout.write("Demo data is already loaded.")
            return
        with transaction.atomic():
            report = import_report(data=DEMO_CSV.read_bytes(), period_start=PERIOD[0], period_end=PERIOD[1])
            users = {}
            for username, role, fips in ACCOUNTS:
                account = create_account(
                    username=username, password=DEMO_PASSWORD, role=role, fips=fips, email=f"{username}@example.org"
                )
                users[username] = account.user
            # Published as the agency did in 2017, every data-quality finding acknowledged.
            publish_report(
                actor=users["reviewer"],
                report_id=report.pk,
                acknowledgements={f.pk: "Published as the 2017 report was." for f in report.findings.all()},
            )
            hennepin = list(report.entries.filter(jurisdiction__fips="27053").order_by("row_number"))
            sheriff, reviewer = users["hennepin-sheriff"], users["reviewer"]

            # First Hennepin entry: disputed, photo evidence, corrected (removed).
            dispute = services.file_dispute(
                actor=sheriff,
                entry_id=hennepin[0].pk,
                ground=Ground.HANDED_TO_ICE,
                explanation="The inmate was released into ICE custody at the sally port on the declined date; "
                "the release photo shows ICE officers taking custody.",
            )
            services.add_evidence(
                actor=sheriff,
                dispute_id=dispute.pk,
                filename="release-2017-01-30.jpg",
                data=release_photo("2017:01:30 15:42:07", "Release to ICE officers"),
                description="Sally port camera, release to ICE",
            )
            services.submit_dispute(actor=sheriff, dispute_id=dispute.pk)
            services.decide_dispute(
                actor=reviewer,
                dispute_id=dispute.pk,
                outcome="corrected",
                action="remove",
                rationale="The time-stamped release photo and ICE's custody log agree: the detainer was honored "
                "on 2017-01-30. The entry is removed.",
            )
            # Second Hennepin entry: submitted and waiting in the review queue.
            dispute = services.file_dispute(
                actor=sheriff,
                entry_id=hennepin[1].pk,
                ground=Ground.HANDED_TO_ICE,
                explanation="Released to ICE at 09:15 on 2017-02-01; see the time-stamped release photo.",
            )
            services.add_evidence(
                actor=sheriff,
                dispute_id=dispute.pk,
                filename="release-2017-02-01.jpg",
                data=release_photo("2017:02:01 09:15:44", "Release to ICE officers"),
            )
            services.submit_dispute(actor=sheriff, dispute_id=dispute.pk)
            # Travis County: one case for every entry whose detainer was issued before the period (the batch
            # re-processed on one day), with one jail-log photo supporting them all, waiting for review.
            travis = users["travis-sheriff"]
            stale = list(
                report.entries.filter(jurisdiction__fips="48453", detainer_issued__lt=PERIOD[0]).values_list(
                    "pk", flat=True
                )
            )
            case = services.open_case(
                actor=travis,
                entries=stale,
                ground=Ground.BEFORE_PERIOD,
                explanation="These detainers were issued in 2010 and 2015 and were re-processed by ICE in one batch "
                "on a single day; none was declined during this reporting period.",
            )
            services.add_case_evidence(
                actor=travis,
                case_id=case.pk,
                filename="release-log-2015.jpg",
                data=release_photo("2015:06:03 10:12:00", "Release log, June 2015"),
                description="Jail release log, June 2015",
            )
            services.submit_case(actor=travis, case_id=case.pk)
            # Franklin County NY: disputed as a similarly named jurisdiction, evidence not yet attached.
            franklin = report.entries.get(jurisdiction__fips="36033")
            services.file_dispute(
                actor=users["franklin-sheriff"],
                entry_id=franklin.pk,
                ground=Ground.SIMILAR_NAME,
                explanation="Franklin County, NY has no record of this person; the detainer appears to belong to "
                "another Franklin County.",
            )
        listed = ListedDetainer.objects.filter(report=report, jurisdiction__fips="48453").count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {report} with {report.entries.count()} Section II entries "
                f"({listed} for Travis County). Accounts: "
                + ", ".join(u for u, _, _ in ACCOUNTS)
                + f" — password {DEMO_PASSWORD!r}."
            )
        )
