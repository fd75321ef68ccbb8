"""Uploads go to S3-compatible storage when a bucket is configured."""

import importlib
import io

from django.core.files.images import ImageFile
from django.core.files.storage import storages

from wagtail.images.models import Image

import boto3
import pytest
from moto import mock_aws
from PIL import Image as PILImage


@pytest.fixture
def s3_settings(settings, monkeypatch):
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "residency-media")
    monkeypatch.setenv("AWS_S3_REGION_NAME", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    base = importlib.reload(importlib.import_module("residency.settings.base"))
    settings.STORAGES = base.STORAGES
    yield settings
    monkeypatch.undo()
    importlib.reload(base)
    storages._storages.pop("default", None)


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 40), "#12355b").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_uploaded_image_is_stored_in_the_bucket(s3_settings):
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="residency-media")
        storages._storages.pop("default", None)

        image = Image.objects.create(title="Portrait", file=ImageFile(io.BytesIO(png_bytes()), name="portrait.png"))

        keys = [item["Key"] for item in boto3.client("s3").list_objects_v2(Bucket="residency-media")["Contents"]]
        assert image.file.name in keys
        assert "residency-media" in image.file.url
