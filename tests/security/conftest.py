from tests.api.conftest import anonymous, client_for  # noqa: F401  (the API tests' clients)
