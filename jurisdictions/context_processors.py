from .selectors import account_for


def account(request) -> dict:
    """Expose the signed-in user's role account to every template."""
    return {"account": account_for(getattr(request, "user", None))}
