import datetime as dt
import io

import factory
from django.contrib.auth import get_user_model
from PIL import Image

from jurisdictions.models import Account, Facility, Jurisdiction
from reports.models import IssuedCount, ListedDetainer, Report

PASSWORD = "correct-horse-battery"


class JurisdictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction
        django_get_or_create = ("fips",)

    name = factory.Sequence(lambda n: f"County {n}")
    kind = Jurisdiction.Kind.COUNTY
    fips = factory.Sequence(lambda n: f"{90000 + n}")
    state = "TX"


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility
        django_get_or_create = ("jurisdiction", "name")

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    name = factory.LazyAttribute(lambda o: f"{o.jurisdiction.name} Jail")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class SheriffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    user = factory.SubFactory(UserFactory)
    role = Account.Role.SHERIFF
    jurisdiction = factory.SubFactory(JurisdictionFactory)


class ReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    user = factory.SubFactory(UserFactory)
    role = Account.Role.REVIEWER
    jurisdiction = None


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    status = Report.Status.PUBLISHED
    period_start = factory.Sequence(lambda n: dt.date(2017, 1, 28) + dt.timedelta(weeks=n))
    period_end = factory.LazyAttribute(lambda o: o.period_start + dt.timedelta(days=6))


class IssuedCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuedCount

    report = factory.SubFactory(ReportFactory)
    jurisdiction = factory.SubFactory(JurisdictionFactory)
    detainers_issued = 10


class ListedDetainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListedDetainer

    report = factory.SubFactory(ReportFactory)
    row_number = factory.Sequence(lambda n: n + 1)
    jurisdiction = factory.SubFactory(JurisdictionFactory)
    facility = factory.LazyAttribute(lambda o: FacilityFactory(jurisdiction=o.jurisdiction))
    citizenship = "Mexico"
    detainer_issued = factory.LazyAttribute(lambda o: o.report.period_start)
    declined = factory.LazyAttribute(lambda o: o.report.period_start + dt.timedelta(days=2))
    criminal_activity = "Assault"
    activity_basis = ListedDetainer.Basis.CHARGE


def jpeg_with_exif(when: str = "2017:01:30 14:02:11", *, offset: str = "", size=(64, 48)) -> bytes:
    """A real JPEG whose EXIF says it was taken at `when` (YYYY:MM:DD HH:MM:SS)."""
    image = Image.new("RGB", size, (90, 110, 130))
    exif = Image.Exif()
    exif[0x010F] = "Axis"
    exif[0x0110] = "Q1615 Sally Port Camera"
    exif[0x0132] = when
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = when
    if offset:
        sub[0x9011] = offset
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (255, 255, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    """A minimal valid one-page PDF."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (255, 255, 255)).save(buffer, format="PDF")
    return buffer.getvalue()


def submitted_case(sheriff, entries, *, ground: str = "handed_to_ice", explanation: str = ""):
    """A case opened on the entries with one photo attached, submitted for review."""
    from disputes import services

    case = services.open_case(
        actor=sheriff,
        entries=[e.pk for e in entries],
        ground=ground,
        explanation=explanation or "Handed to ICE at release; the transfer log shows it.",
    )
    services.add_case_evidence(actor=sheriff, case_id=case.pk, data=jpeg_with_exif(), filename="release.jpg")
    return services.submit_case(actor=sheriff, case_id=case.pk)


def publish(report: Report, reviewer=None):
    """Publish an imported draft as a reviewer would, acknowledging every finding; returns revision 1."""
    from reports.services import publish_report

    reviewer = reviewer or ReviewerFactory().user
    notes = {f.pk: "Checked against the source." for f in report.findings.filter(acknowledged_at__isnull=True)}
    return publish_report(actor=reviewer, report_id=report.pk, acknowledgements=notes)


def report_with_entries(count: int, *, jurisdiction=None, **report_fields) -> Report:
    """A published report whose Section II has `count` entries of one jurisdiction, written in bulk."""
    jurisdiction = jurisdiction or JurisdictionFactory()
    facility = FacilityFactory(jurisdiction=jurisdiction)
    report = ReportFactory(**report_fields)
    IssuedCountFactory(report=report, jurisdiction=jurisdiction, detainers_issued=count)
    ListedDetainer.objects.bulk_create(
        (
            ListedDetainer(
                report=report,
                row_number=n,
                jurisdiction=jurisdiction,
                facility=facility,
                citizenship=("Mexico", "Guatemala", "Honduras")[n % 3],
                detainer_issued=report.period_start - dt.timedelta(days=n % 400),
                declined=report.period_start + dt.timedelta(days=n % 7),
                criminal_activity="Assault" if n % 2 else "",
                activity_basis=ListedDetainer.Basis.CHARGE if n % 2 else ListedDetainer.Basis.NONE,
            )
            for n in range(1, count + 1)
        ),
        batch_size=2000,
    )
    return report


def correct_entry(entry: ListedDetainer, reviewer, *, action: str = "remove", amendments: dict | None = None):
    """One entry disputed by its office with a photo, submitted, and corrected by a reviewer; returns the decision."""
    from disputes import services

    sheriff = SheriffFactory(jurisdiction=entry.jurisdiction).user
    dispute = services.file_dispute(
        actor=sheriff, entry_id=entry.pk, ground="duplicate", explanation="Listed twice in the same week."
    )
    services.add_evidence(actor=sheriff, dispute_id=dispute.pk, data=png_bytes(), filename="log.png")
    services.submit_dispute(actor=sheriff, dispute_id=dispute.pk)
    return services.decide_dispute(
        actor=reviewer,
        dispute_id=dispute.pk,
        outcome="corrected",
        action=action,
        rationale="Same as another row of the week.",
        amendments=amendments,
    )
