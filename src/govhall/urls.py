from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from govhall.cases.urls import api as cases_api_urls
from govhall.core.views import api_not_found, healthz
from govhall.org import apis as org_apis
from govhall.org.views import home
from govhall.queueing.urls import api as queueing_api_urls

api_v1 = [
    path("calendar/add-working-days", org_apis.AddWorkingDaysApi.as_view(), name="calendar-add-working-days"),
    path("calendar/working-days", org_apis.WorkingDaysApi.as_view(), name="calendar-working-days"),
    *queueing_api_urls.urlpatterns,
    *cases_api_urls.urlpatterns,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="api-docs"),
    path("", include("govhall.core.urls")),
    path("", include("govhall.org.urls")),
    path("", include("govhall.catalog.urls")),
    path("", include("govhall.queueing.urls")),
    path("", include("govhall.cases.urls")),
    path("", include("govhall.feedback.urls")),
    path("api/<path:path>", api_not_found),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
