"""Pillow refuses to open an image beyond the upload pixel limit before it decodes a single pixel."""

import warnings

from django.conf import settings

from PIL import Image as PillowImage


def limit_decoded_pixels():
    """Pillow raises DecompressionBombError beyond twice its MAX_IMAGE_PIXELS (and only warns below that).

    Wagtail's upload check reads the image's size by decoding it, so without this a small file that unpacks to
    hundreds of megapixels would be decoded in full before it is refused; with it, the upload form refuses it
    ("too many pixels") from its header, and no rendition is ever made of a larger image. Below the limit an
    image is no bomb, so Pillow's warning about the lower half is not wanted in the log."""
    PillowImage.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS // 2
    warnings.filterwarnings("ignore", category=PillowImage.DecompressionBombWarning)
