"""API tokens: revoked when the account's password changes."""


class RevokeTokensOnPasswordChange:
    """A password "validator" that never refuses: Django tells it of each change, and it revokes the API tokens."""

    def validate(self, password, user=None) -> None:
        return None

    def password_changed(self, password, user=None) -> None:
        if user is not None and user.pk:
            from knox.models import AuthToken

            AuthToken.objects.filter(user=user).delete()

    def get_help_text(self) -> str:
        return ""
