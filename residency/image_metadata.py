"""Uploaded photos lose their location and camera metadata (EXIF, XMP) before they are stored, so no rendition
made from them can carry it either."""

import io
import os

from django.core.files.base import ContentFile

from wagtail.utils.file import hash_filelike

from PIL import Image as PillowImage
from PIL import ImageOps

# Formats whose files can carry EXIF or XMP, and Pillow's name for each.
FORMATS = {"JPEG", "PNG", "WEBP", "AVIF"}
METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "Raw profile type exif", "comment", "photoshop")


def has_metadata(picture):
    return any(key in picture.info for key in METADATA_KEYS) or bool(picture.getexif())


def without_metadata(data):
    """The image's bytes with its metadata removed and its EXIF orientation applied, or None when it has none."""
    with PillowImage.open(io.BytesIO(data)) as picture:
        if picture.format not in FORMATS or getattr(picture, "n_frames", 1) > 1 or not has_metadata(picture):
            return None
        image_format = picture.format
        icc_profile = picture.info.get("icc_profile")
        upright = ImageOps.exif_transpose(picture)
        options = {"icc_profile": icc_profile} if icc_profile else {}
        if image_format == "JPEG":
            options.update(quality=95, optimize=True)
        elif image_format in {"WEBP", "AVIF"}:
            options.update(quality=95)
        # Pillow writes XMP and comments from the image's info, EXIF only when given: drop the one, give none.
        upright.info = {key: value for key, value in upright.info.items() if key not in METADATA_KEYS}
        output = io.BytesIO()
        upright.save(output, format=image_format, exif=b"", **options)
        return output.getvalue()


def strip_uploaded_metadata(sender, instance, **kwargs):
    """pre_save of the image model: a newly uploaded file is replaced by its copy without metadata."""
    upload = instance.file
    if not upload or getattr(upload, "_committed", True):
        return
    upload.open("rb")
    upload.seek(0)
    data = upload.read()
    clean = without_metadata(data)
    if clean is None:
        upload.seek(0)
        return
    instance.file = ContentFile(clean, name=os.path.basename(upload.name))
    instance.file_size = len(clean)
    instance.file_hash = hash_filelike(io.BytesIO(clean))
