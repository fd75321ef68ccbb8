"""An image in a page's body: AVIF and WebP sources with a JPEG fallback, sizes stated, loaded lazily."""

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest
from bs4 import BeautifulSoup

from pages.blocks import CaptionedImageBlock

pytestmark = pytest.mark.django_db


def test_body_image_is_a_lazy_picture_with_modern_formats_and_a_jpeg_fallback():
    image = Image.objects.create(title="Clinic", description="The clinic's waiting room", file=get_test_image_file())
    block = CaptionedImageBlock()
    value = block.to_python(
        {"image": {"image": image.pk, "alt_text": "The waiting room", "decorative": False}, "caption": "Our clinic"}
    )

    figure = BeautifulSoup(block.render(value), "html.parser").find("figure")
    picture = figure.find("picture")
    img = picture.find("img")

    assert [source["type"] for source in picture.find_all("source")] == ["image/avif", "image/webp"]
    assert all(source["srcset"] and source["sizes"] for source in picture.find_all("source"))
    assert img["src"].endswith(".jpg")
    assert len(img["srcset"].split(", ")) > 1
    assert int(img["width"]) > 0
    assert int(img["height"]) > 0
    assert img["loading"] == "lazy"
    assert img["decoding"] == "async"
    assert img["alt"] == "The waiting room"
    assert figure.find("figcaption").get_text(strip=True) == "Our clinic"
