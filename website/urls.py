"""The root URLs: public pages under a language prefix (/en/, /zh-hans/), the
admin, the health check and the language switch without one."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    *i18n_patterns(
        path("", views.HomeView.as_view(), name="home"),
        path("", include("articles.urls")),
        path("", include("events.urls")),
        path("ambassadors/", include("ambassadors.urls")),
        path("", include("hangzhou_mice.urls")),
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
