"""Photos lose their location and camera metadata: in the stored file, and in every rendition even when the stored
original still has it."""

import io
import os
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

import pytest
from PIL import ExifTags
from PIL import Image as PillowImage

from residency.image_metadata import METADATA_KEYS
from staff.photos import PHOTO_SPECS

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


def leaky_original(image_format="JPEG", **extra):
    """An image whose stored original still has its metadata: uploaded before uploads were cleaned, or written
    straight to storage by code."""
    image = get_image_model().objects.create(title="Old", file=get_test_image_file())
    name = image.file.name
    storage = image.file.storage
    storage.delete(name)
    saved = storage.save(name, ContentFile(photo_with_location(image_format, **extra)))
    assert saved == name
    assert metadata_of(stored_bytes(image.file))["gps"], "positive control: the original leaks"
    return image


# Every format a rendition can be written in, and the specs the site's templates and staff portraits ask for.
ALL_FORMAT_FILTERS = [
    "fill-200x200|format-jpeg",
    "width-300|format-webp",
    "width-300|format-avif",
    "width-300|format-png",
    "width-300|format-gif",
    "width-300",
]
SITE_FILTERS = [*Filter.expand_spec("format-{avif,webp,jpeg} width-{400,800,1200}"), *PHOTO_SPECS]


@pytest.mark.parametrize("original_format", ["JPEG", "PNG", "WEBP", "AVIF"])
@pytest.mark.parametrize("spec", ALL_FORMAT_FILTERS)
def test_renditions_of_an_original_with_metadata_carry_none(site, original_format, spec):
    image = leaky_original(original_format)

    rendition = image.get_rendition(spec)

    with PillowImage.open(io.BytesIO(stored_bytes(rendition.file))) as picture:
        assert not picture.getexif()
        assert set(picture.info) & set(METADATA_KEYS) == set()
    assert metadata_of(stored_bytes(rendition.file))["camera"] == {}


def test_the_renditions_the_site_asks_for_together_carry_no_metadata(site):
    image = leaky_original()

    renditions = image.get_renditions(*SITE_FILTERS)

    assert len(renditions) == len(SITE_FILTERS)
    for spec, rendition in renditions.items():
        with PillowImage.open(io.BytesIO(stored_bytes(rendition.file))) as picture:
            assert (spec, dict(picture.getexif())) == (spec, {})
            assert set(picture.info) & set(METADATA_KEYS) == set()


def test_a_rendition_is_upright_though_its_orientation_tag_is_gone(site):
    image = leaky_original(orientation=6)

    rendition = image.get_rendition("original|format-png")

    assert (rendition.width, rendition.height) == (480, 640)
    assert metadata_of(stored_bytes(rendition.file))["gps"] == {}


def test_a_gif_comment_does_not_reach_its_renditions(site):
    image = get_image_model().objects.create(title="Old", file=get_test_image_file())
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 48), (18, 53, 91)).save(buffer, format="GIF", comment=b"Phone 15, 42.36N 71.06W")
    image.file.storage.delete(image.file.name)
    image.file.storage.save(image.file.name, ContentFile(buffer.getvalue()))

    rendition = image.get_rendition("width-32|format-gif")

    with PillowImage.open(io.BytesIO(stored_bytes(image.file))) as original:
        assert original.info["comment"] == b"Phone 15, 42.36N 71.06W", "positive control: the original has it"
    with PillowImage.open(io.BytesIO(stored_bytes(rendition.file))) as picture:
        assert "comment" not in picture.info


def test_a_file_written_to_storage_before_its_image_is_cleaned(site):
    stem = f"written-{uuid.uuid4().hex[:8]}"
    name = default_storage.save(f"original_images/{stem}.jpg", ContentFile(photo_with_location()))
    assert metadata_of(stored_bytes(default_storage.open(name)))["gps"], "positive control: the stored file leaks"

    image = get_image_model().objects.create(title="Written", file=name)

    assert metadata_of(stored_bytes(image.file)) == {"gps": {}, "camera": {}, "xmp": None, "size": (640, 480)}
    stored = [found for found in default_storage.listdir("original_images")[1] if found.startswith(stem)]
    assert stored == [os.path.basename(image.file.name)]


def test_the_multiple_upload_stores_the_original_without_metadata(pm_client):
    stem = f"front-door-{uuid.uuid4().hex[:8]}"
    data = {"files[]": SimpleUploadedFile(f"{stem}.jpg", photo_with_location(), "image/jpeg")}
    first = pm_client.post(
        reverse("wagtailimages:add_multiple"), {**data, "collection": Collection.get_first_root_node().pk}
    )
    upload_id = first.json()["uploaded_file_id"]  # the description is required, so it waits as an upload
    prefix = f"uploaded-image-{upload_id}"
    second = pm_client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[upload_id]),
        {f"{prefix}-title": "Clinic", f"{prefix}-description": "The clinic's front door", f"{prefix}-tags": ""},
    )

    assert second.json()["success"] is True, second.content[:500]
    image = get_image_model().objects.get(title="Clinic")
    assert metadata_of(stored_bytes(image.file)) == {"gps": {}, "camera": {}, "xmp": None, "size": (640, 480)}
    # The copy the upload step wrote with its metadata is gone: only the clean one is stored.
    stored = [name for name in default_storage.listdir("original_images")[1] if name.startswith(stem)]
    assert stored == [os.path.basename(image.file.name)]


def test_images_stored_before_are_cleaned_by_the_command(site):
    old = leaky_original()
    leaky_name = old.file.name
    rendition = old.get_rendition("fill-200x200|format-jpeg")

    out = io.StringIO()
    call_command("strip_image_metadata", stdout=out)
    old.refresh_from_db()

    assert "1 image(s)" in out.getvalue()
    assert metadata_of(stored_bytes(old.file))["gps"] == {}
    assert not default_storage.exists(leaky_name)
    assert not old.renditions.filter(pk=rendition.pk).exists()
    assert metadata_of(stored_bytes(old.get_rendition("fill-200x200|format-jpeg").file))["gps"] == {}
