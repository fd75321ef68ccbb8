"""Remove location and camera metadata from images uploaded before uploads were cleaned, and remake their renditions."""

import io
import os

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand

from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from residency.image_metadata import without_metadata


class Command(BaseCommand):
    help = "Strip EXIF/XMP metadata from every stored original image and drop its renditions (remade on next view)."

    def handle(self, *args, **options):
        cleaned = 0
        for image in get_image_model().objects.all():
            with image.open_file() as opened:
                clean = without_metadata(opened.read())
            if clean is None:
                continue
            old_name = image.file.name
            image.file = ContentFile(clean, name=os.path.basename(old_name))
            image.file_size = len(clean)
            image.file_hash = hash_filelike(io.BytesIO(clean))
            image.save()
            image.renditions.all().delete()
            image.file.storage.delete(old_name)
            cleaned += 1
        self.stdout.write(f"Removed metadata from {cleaned} image(s).")
