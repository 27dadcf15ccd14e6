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
    """The role a user plays: a sheriff's office of one jurisdiction, an agency reviewer or a senior reviewer."""

    class Role(models.TextChoices):
        SHERIFF = "sheriff", "Sheriff's office"
        REVIEWER = "reviewer", "Agency reviewer"
        SENIOR_REVIEWER = "senior-reviewer", "Senior reviewer"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account")
    role = models.CharField(max_length=20, choices=Role.choices)
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, null=True, blank=True, related_name="accounts"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role="sheriff", jurisdiction__isnull=False)
                    | models.Q(role__in=["reviewer", "senior-reviewer"], jurisdiction__isnull=True)
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
        """Agency reviewers and senior reviewers: a senior reviewer can do all a reviewer does."""
        return self.role in (self.Role.REVIEWER, self.Role.SENIOR_REVIEWER)

    @property
    def is_senior(self) -> bool:
        return self.role == self.Role.SENIOR_REVIEWER


class SecurityEvent(models.Model):
    """A security-relevant event: who, from where, when, what. Written once, never changed or deleted."""

    class Kind(models.TextChoices):
        LOGIN_FAILED = "login_failed", "Failed sign-in"
        LOCKED_OUT = "locked_out", "Sign-in locked out"
        DENIED = "denied", "Denied action"
        EVIDENCE_UPLOADED = "evidence_uploaded", "Evidence uploaded"
        EVIDENCE_DOWNLOADED = "evidence_downloaded", "Evidence downloaded"
        EVIDENCE_DELETED = "evidence_deleted", "Evidence deleted"
        TOKEN_CREATED = "token_created", "API token created"
        TOKEN_REVOKED = "token_revoked", "API token revoked"

    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The name as it was: renaming or deleting the account does not rewrite the record.
    username = models.CharField(max_length=150, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField(max_length=500, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.username or 'anonymous'} · {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk:
            raise ValueError("a security event cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("a security event cannot be deleted")
