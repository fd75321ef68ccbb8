"""Uploads that are too big, too many pixels or frames, damaged, empty or not images at all: each a form error
in the admin, and nothing stored."""

import io
import os
import struct
import zlib

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile

import pytest
from PIL import Image as PillowImage

pytestmark = pytest.mark.django_db

DAMAGED = "This image file is damaged or incomplete and cannot be read."
NOT_AN_IMAGE = "Upload a valid image."
TOO_MANY_PIXELS = "too many pixels (unknown number). Maximum pixels 40000000."


def photo(size=(640, 480), image_format="JPEG"):
    buffer = io.BytesIO()
    PillowImage.effect_noise(size, 64).convert("RGB").save(buffer, format=image_format)
    return buffer.getvalue()


def animation(frames, image_format="GIF"):
    images = [PillowImage.new("RGB", (16, 16), (frame * 2, 53, 91)) for frame in range(frames)]
    buffer = io.BytesIO()
    options = {"lossless": True} if image_format == "WEBP" else {}  # lossy WebP merges near-identical frames
    images[0].save(buffer, image_format, save_all=True, append_images=images[1:], duration=50, loop=0, **options)
    with PillowImage.open(io.BytesIO(buffer.getvalue())) as written:
        assert written.n_frames == frames
    return buffer.getvalue()


def png_header(width, height):
    """A PNG that claims width x height pixels: what a decompression bomb shows before its data unpacks."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    data = zlib.compress(b"\0" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def noise_png(megabytes):
    side = int((megabytes * 1024 * 1024 / 3) ** 0.5) + 1
    buffer = io.BytesIO()
    PillowImage.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG", compress_level=0)
    return buffer.getvalue()


TYPES = {"jpg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp"}
# Each bad file, the name it is uploaded with, and the error the editor reads.
BAD_UPLOADS = {
    "text named .jpg": (lambda: b"Dear applicants,\nthis is not a photo.\n", "notes.jpg", NOT_AN_IMAGE),
    "zero bytes": (lambda: b"", "empty.jpg", "The submitted file is empty."),
    "truncated JPEG": (lambda: photo()[:6000], "cut.jpg", DAMAGED),
    "truncated PNG": (lambda: photo(image_format="PNG")[:20000], "cut.png", DAMAGED),
    "PNG named .jpg": (lambda: photo(image_format="PNG"), "portrait.jpg", "The extension does not match"),
    "42 megapixels": (lambda: png_header(7000, 6000), "bomb.png", TOO_MANY_PIXELS),
    "400 megapixels": (lambda: png_header(20000, 20000), "bomb.png", TOO_MANY_PIXELS),
    "101-frame GIF": (lambda: animation(101), "spinner.gif", "an animated image may have at most 100"),
    "101-frame WebP": (lambda: animation(101, "WEBP"), "spinner.webp", "an animated image may have at most 100"),
    "11 MB": (lambda: noise_png(11), "huge.png", "This file is too big"),
}


def upload_file(data, name):
    return SimpleUploadedFile(name, data, TYPES[name.rsplit(".", 1)[1]])


def stored_originals():
    return set(default_storage.listdir("original_images")[1]) if default_storage.exists("original_images") else set()


def add_image(client, data, name):
    fields = {"title": "Upload", "description": "An upload", "tags": ""}
    fields["collection"] = Collection.get_first_root_node().pk
    return client.post(reverse("wagtailimages:add"), {"file": upload_file(data, name), **fields})


@pytest.fixture(params=["pm_client", "director_client"])
def uploader(request):
    """The roles that may upload images."""
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_a_bad_file_is_a_form_error_and_nothing_is_stored(uploader, case):
    make, name, message = BAD_UPLOADS[case]
    before = stored_originals()

    response = add_image(uploader, make(), name)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_image_model().objects.exists()
    assert stored_originals() == before


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_the_multiple_upload_refuses_a_bad_file_with_its_message(pm_client, case):
    make, name, message = BAD_UPLOADS[case]
    before = stored_originals()

    response = pm_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": upload_file(make(), name), "collection": Collection.get_first_root_node().pk},
    )

    assert response.status_code == 200
    assert response.json()["success"] is False
    assert message in response.json()["error_message"]
    assert not get_image_model().objects.exists()
    assert not UploadedFile.objects.exists()
    assert stored_originals() == before


@pytest.mark.parametrize("case", ["truncated JPEG", "101-frame GIF", "42 megapixels"])
def test_the_chooser_upload_of_the_staff_photo_field_refuses_a_bad_file(director_client, case):
    make, name, message = BAD_UPLOADS[case]
    prefix = "image-chooser-upload"
    data = {f"{prefix}-title": "Portrait", f"{prefix}-description": "A portrait", f"{prefix}-tags": ""}
    data[f"{prefix}-collection"] = Collection.get_first_root_node().pk
    data[f"{prefix}-file"] = upload_file(make(), name)

    response = director_client.post(reverse("wagtailimages_chooser:create"), data)

    assert response.status_code == 200
    assert message in response.json()["htmlFragment"]
    assert not get_image_model().objects.exists()


def large_png(size):
    buffer = io.BytesIO()
    PillowImage.new("L", size, 200).save(buffer, "PNG")
    return buffer.getvalue()


GOOD_UPLOADS = {
    "photo": (lambda: photo(), "clinic.jpg"),
    "100-frame GIF": (lambda: animation(100), "spinner.gif"),
    "3-frame WebP": (lambda: animation(3, "WEBP"), "spinner.webp"),
    "36 megapixels": (lambda: large_png((6000, 6000)), "panorama.png"),
}


@pytest.mark.parametrize("case", GOOD_UPLOADS)
def test_a_good_file_within_the_limits_is_stored(uploader, case):
    make, name = GOOD_UPLOADS[case]

    response = add_image(uploader, make(), name)

    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert default_storage.exists(image.file.name)
