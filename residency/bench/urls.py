"""One view returning a fixed 16 KB page: the fastest any Django response can be on this set-up."""

from django.http import HttpResponse
from django.urls import path

BODY = ("<!doctype html><title>Yardstick</title><p>" + "x" * 16 * 1024)[: 16 * 1024].encode()


def plain(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", plain)]
