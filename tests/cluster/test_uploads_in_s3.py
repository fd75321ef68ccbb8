"""`make cluster S3=1`: uploads and their renditions live in a local S3 (moto's server), not on disk."""

import io
import urllib.parse

from PIL import Image as PILImage

from .stack import manage_shell, request

UPLOAD = """
import io
from django.core.files.images import ImageFile
from PIL import Image as P
from wagtail.images.models import Image
buffer = io.BytesIO()
P.new("RGB", (300, 200), "#12355b").save(buffer, format="PNG")
image = Image.objects.create(title="Bucket check", file=ImageFile(io.BytesIO(buffer.getvalue()), name="bucket.png"))
print("URL", image.file.url)
print("URL", image.get_rendition("fill-100x100").url)
"""


def test_an_uploaded_image_and_its_rendition_are_served_from_the_bucket(cluster_with_s3):
    on_disk_before = set((cluster_with_s3.run_dir / "media").rglob("*"))

    output = manage_shell(cluster_with_s3, UPLOAD)

    original_url, rendition_url = (line.split()[1] for line in output.splitlines() if line.startswith("URL "))
    for url in (original_url, rendition_url):
        parts = urllib.parse.urlsplit(url)
        assert (parts.hostname, parts.port) == ("127.0.0.1", cluster_with_s3.s3_port)
        assert parts.path.startswith("/residency-media/")
    rendition = request(cluster_with_s3.s3_port, urllib.parse.urlsplit(rendition_url).path)
    original = request(cluster_with_s3.s3_port, urllib.parse.urlsplit(original_url).path)
    assert rendition.status == original.status == 200
    assert rendition.header("Content-Type") == "image/png"
    assert PILImage.open(io.BytesIO(rendition.body)).size == (100, 100)
    assert PILImage.open(io.BytesIO(original.body)).size == (300, 200)
    # Nothing was written to the media folder nginx serves.
    assert set((cluster_with_s3.run_dir / "media").rglob("*")) == on_disk_before
