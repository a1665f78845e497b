from django.http import HttpResponse
from django.urls import path

from portal.extensions.registry import plugin_setting

app_name = "dummy"


def greeting(request):
    return HttpResponse(plugin_setting("dummy", "GREETING"))


urlpatterns = [path("greeting/", greeting, name="greeting")]
