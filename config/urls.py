from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from jurisdictions.views.sign_in import SignInView

from . import converters  # noqa: F401  (registers <id:…> before the apps' URLs load)

urlpatterns = [
    path("", include("reports.urls")),
    path("", include("disputes.urls")),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # ReDoc (served from this site by drf-spectacular-sidecar) styles itself inline and runs a worker.
    path(
        "api/docs/",
        csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"], "img-src": ["data:", "'self'"]})(
            SpectacularRedocView.as_view(url_name="schema")
        ),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
    path("", include("config.operations.urls")),
]


if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "config.api_errors.bad_request"
handler404 = "config.api_errors.not_found"
# A database outage is a 503; any other failure a 500 (JSON under /api/).
handler500 = "config.operations.views.handler500"
