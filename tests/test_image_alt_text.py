"""Images need a description (their alt text) before they can be used."""

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection


def png():
    return SimpleUploadedFile("portrait.png", get_test_image_file().file.getvalue(), content_type="image/png")


def upload(client, **fields):
    data = {"title": "Portrait", "collection": Collection.get_first_root_node().pk, "tags": "", **fields}
    return client.post("/admin/images/add/", {"file": png(), **data})


def test_an_image_without_a_description_is_refused(pm_client):
    response = upload(pm_client)
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not get_image_model().objects.filter(title="Portrait").exists()


def test_an_image_with_a_description_is_saved(pm_client):
    response = upload(pm_client, description="Sarah Kler in the clinic corridor")
    assert response.status_code == 302
    assert get_image_model().objects.get(title="Portrait").description == "Sarah Kler in the clinic corridor"


def test_the_chooser_upload_needs_a_description_too(director_client):
    data = {"image-chooser-upload-title": "Portrait", "image-chooser-upload-tags": ""}
    data["image-chooser-upload-file"] = png()
    data["image-chooser-upload-collection"] = Collection.get_first_root_node().pk
    response = director_client.post("/admin/images/chooser/create/", data)
    assert "This field is required" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_clearing_a_description_is_refused(admin):
    image = get_image_model().objects.create(title="Portrait", file=get_test_image_file(), description="A portrait")
    data = {"title": "Portrait", "description": "", "collection": image.collection_id, "tags": ""}
    response = admin.post(f"/admin/images/{image.pk}/", data)
    assert response.status_code == 200
    image.refresh_from_db()
    assert image.description == "A portrait"
