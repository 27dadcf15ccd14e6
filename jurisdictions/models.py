from django.conf import settings
from django.db import models


class Jurisdiction(models.Model):
    """A state, county, city or agency that can be named in a report."""

    class Kind(models.TextChoices):
        STATE = "state", "State"
        COUNTY = "county", "County"
        CITY = "city", "City"
        AGENCY = "agency", "Agency"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COUNTY)
    fips = models.CharField("FIPS code", max_length=10, unique=True)
    state = models.CharField(max_length=2, help_text="Two-letter postal code")

    class Meta:
        ordering = ["state", "name"]
        constraints = [
            models.UniqueConstraint(fields=["state", "name", "kind"], name="uniq_jurisdiction_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.state}"


class Facility(models.Model):
    """A jail or detention facility run by a jurisdiction."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="facilities")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "facilities"
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="uniq_facility_per_jurisdiction"),
        ]

    def __str__(self) -> str:
        return self.name


class Account(models.Model):
    """The role a user plays: a sheriff's office of one jurisdiction, or an agency reviewer."""

    class Role(models.TextChoices):
        SHERIFF = "sheriff", "Sheriff's office"
        REVIEWER = "reviewer", "Agency reviewer"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account")
    role = models.CharField(max_length=10, choices=Role.choices)
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, null=True, blank=True, related_name="accounts"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role="sheriff", jurisdiction__isnull=False)
                    | models.Q(role="reviewer", jurisdiction__isnull=True)
                ),
                name="sheriff_has_jurisdiction_reviewer_has_none",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def is_sheriff(self) -> bool:
        return self.role == self.Role.SHERIFF

    @property
    def is_reviewer(self) -> bool:
        return self.role == self.Role.REVIEWER
