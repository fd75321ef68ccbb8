"""Uploaded photos lose their location and camera metadata, in the stored file and in every rendition."""

import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models.signals import pre_save

from wagtail.images import get_image_model
from wagtail.models import Collection

import pytest
from PIL import ExifTags
from PIL import Image as PillowImage

from residency.image_metadata import strip_uploaded_metadata

pytestmark = pytest.mark.django_db

GPS_IFD = ExifTags.IFD.GPSInfo
BOSTON = {1: "N", 2: (42.0, 21.0, 46.0), 3: "W", 4: (71.0, 4.0, 10.0)}
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description exif:GPSLatitude="42,21N"/></rdf:RDF></x:xmpmeta>'
# Every rendition format the site asks for.
FILTERS = ["fill-200x200|format-jpeg", "width-300|format-webp", "width-300|format-avif", "max-400x400|format-png"]


def photo_with_location(image_format="JPEG", orientation=None):
    """A photo as a phone writes it: GPS position, camera make and model, and (for JPEG) XMP."""
    exif = PillowImage.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 15"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(GPS_IFD).update(BOSTON)
    buffer = io.BytesIO()
    extra = {"xmp": XMP} if image_format == "JPEG" else {}
    PillowImage.new("RGB", (640, 480), (18, 53, 91)).save(buffer, format=image_format, exif=exif, **extra)
    return buffer.getvalue()


def metadata_of(data):
    with PillowImage.open(io.BytesIO(data)) as picture:
        exif = picture.getexif()
        return {
            "gps": dict(exif.get_ifd(GPS_IFD)),
            "camera": {tag: exif[tag] for tag in (ExifTags.Base.Make, ExifTags.Base.Model) if tag in exif},
            "xmp": picture.info.get("xmp") or picture.info.get("XML:com.adobe.xmp"),
            "size": picture.size,
        }


def upload(client, data, name="clinic.jpg", content_type="image/jpeg"):
    fields = {"title": "Clinic", "description": "The clinic's front door", "tags": ""}
    fields["collection"] = Collection.get_first_root_node().pk
    response = client.post("/admin/images/add/", {"file": SimpleUploadedFile(name, data, content_type), **fields})
    assert response.status_code == 302, response.content[:500]
    return get_image_model().objects.get(title="Clinic")


def stored_bytes(field_file):
    with field_file.open("rb") as opened:
        return opened.read()


def test_the_test_photo_carries_location_camera_and_xmp():
    metadata = metadata_of(photo_with_location())

    assert metadata["gps"][2] == (42.0, 21.0, 46.0)
    assert metadata["camera"] == {ExifTags.Base.Make: "PhoneMaker", ExifTags.Base.Model: "Phone 15"}
    assert metadata["xmp"]


def test_uploaded_original_is_stored_without_metadata(pm_client):
    image = upload(pm_client, photo_with_location())
    stored = stored_bytes(image.file)

    assert metadata_of(stored) == {"gps": {}, "camera": {}, "xmp": None, "size": (640, 480)}
    assert image.file_size == len(stored)
    assert (image.width, image.height) == (640, 480)


@pytest.mark.parametrize("spec", FILTERS)
def test_every_rendition_is_without_metadata(pm_client, spec):
    image = upload(pm_client, photo_with_location())

    rendition = image.get_rendition(spec)

    metadata = metadata_of(stored_bytes(rendition.file))
    assert (metadata["gps"], metadata["camera"], metadata["xmp"]) == ({}, {}, None)


def test_a_png_loses_its_metadata_too(pm_client):
    image = upload(pm_client, photo_with_location("PNG"), name="clinic.png", content_type="image/png")

    assert metadata_of(stored_bytes(image.file))["gps"] == {}
    assert metadata_of(stored_bytes(image.get_rendition("width-300|format-png").file))["gps"] == {}


def test_a_rotated_photo_stays_upright_without_its_orientation_tag(pm_client):
    # Orientation 6: the camera was turned; viewers rotate the 640x480 pixels to stand 480x640.
    image = upload(pm_client, photo_with_location(orientation=6))

    assert metadata_of(stored_bytes(image.file))["size"] == (480, 640)
    assert (image.width, image.height) == (480, 640)


def test_images_api_gives_a_rendition_and_never_the_original(client, pm_client):
    image = upload(pm_client, photo_with_location())
    original_url = image.file.url

    listing = client.get("/api/v2/images/?fields=*")
    detail = client.get(f"/api/v2/images/{image.pk}/")
    asked = client.get(f"/api/v2/images/{image.pk}/?fields=download_url")

    assert listing.status_code == 200 and detail.status_code == 200
    assert "download_url" not in detail.json()["meta"]
    assert original_url not in listing.content.decode() + detail.content.decode()
    assert detail.json()["rendition"]["url"].startswith("/media/images/")
    assert detail.json()["rendition"]["url"] != original_url
    assert asked.status_code == 400
    assert "download_url" in asked.json()["message"]


def test_images_stored_before_are_cleaned_by_the_command(site):
    model = get_image_model()
    pre_save.disconnect(strip_uploaded_metadata, sender=model, dispatch_uid="strip_image_metadata")
    try:
        old = model.objects.create(title="Old", file=ContentFile(photo_with_location(), name="old.jpg"))
    finally:
        pre_save.connect(strip_uploaded_metadata, sender=model, dispatch_uid="strip_image_metadata")
    leaky = old.get_rendition("fill-200x200|format-jpeg")
    assert metadata_of(stored_bytes(leaky.file))["gps"], "positive control: the old upload's rendition leaks"

    out = io.StringIO()
    call_command("strip_image_metadata", stdout=out)
    old.refresh_from_db()

    assert "1 image(s)" in out.getvalue()
    assert metadata_of(stored_bytes(old.file))["gps"] == {}
    assert not old.renditions.filter(pk=leaky.pk).exists()
    assert metadata_of(stored_bytes(old.get_rendition("fill-200x200|format-jpeg").file))["gps"] == {}
