"""URL configuration: admin, documents, public API, theme switch, then Wagtail pages."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal.core.profile import my_profile
from portal.extensions.registry import plugin_urlpatterns
from portal.theme.views import toggle_visually_impaired
from search.views import search_page

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/search/", include("search.urls")),
    path("search/", search_page, name="search_page"),
    path("api/", include("portal.publicapi.urls")),
    path("opendata/", include("portal.dashboard.urls")),
    path("vi/", toggle_visually_impaired, name="visually_impaired_toggle"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", my_profile, name="my_profile"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += plugin_urlpatterns()
urlpatterns.append(path("", include(wagtail_urls)))
