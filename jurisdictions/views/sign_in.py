"""Sign-in: each role lands on its own work."""

from django.contrib.auth.views import LoginView
from django.urls import reverse

from ..selectors import account_for


class SignInView(LoginView):
    template_name = "public/login.html"

    def get_default_redirect_url(self) -> str:
        """Without a `next` page: a sheriff's office goes to its entries, a reviewer to the review queue."""
        account = account_for(self.request.user)
        if account is not None and account.is_sheriff:
            return reverse("portal")
        if account is not None and account.is_reviewer:
            return reverse("review")
        return reverse("home")
