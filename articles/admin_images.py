"""A piece's image in its form: chosen from thumbnails, or uploaded there.

The image library (images.admin) stays the one place images are kept; the
commentary form adds
- `library_view`: images whose caption, credit, alt text or file name hold
  the search, as thumbnails (image-picker.js draws them and fills the
  Image box), and one image by number for the thumbnail under the box;
- `NewImageForm`: a new image uploaded with the piece, its credit, source,
  licence and alt text beside it, checked by the image admin's own form and
  saved (before the piece) by CommentaryAdmin.save_model;
- `chosen_html`: the chosen image as a thumbnail with its credit line.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse
from django.utils.html import format_html

from images.admin import ImageAdminForm, credit_html, thumbnail_html
from images.models import Image

ADD_IMAGE_PERMISSION = "images.add_image"
SHOWN = 24


class NewImageForm(ImageAdminForm):
    """An image uploaded in the commentary form (prefix "new_image")."""

    prefix = "new_image"

    class Meta(ImageAdminForm.Meta):
        fields = [
            "file",
            "alt_text",
            "is_decorative",
            "credit",
            "source_url",
            "licence",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Upload a new image"
        self.fields["file"].required = False
        # Asked only when a file is given (see is_given).
        self.fields["credit"].required = False

    def is_given(self):
        return self.is_bound and bool(self.files.get(self.add_prefix("file")))

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("credit", "").strip():
            self.add_error("credit", "Give the image a credit: who made or owns it.")
        if (
            not cleaned_data.get("is_decorative")
            and not cleaned_data.get("alt_text", "").strip()
        ):
            self.add_error(
                "alt_text",
                "Describe the image for people who cannot see it, or tick "
                "“decorative”.",
            )
        return cleaned_data


def chosen_html(image):
    """The chosen image as a thumbnail with its credit line."""
    if image is None:
        return "No image chosen."
    return format_html(
        '<span class="fulcrum-image-chosen">{}<span>{}<br><small>{}</small></span></span>',
        thumbnail_html(image, size=120),
        str(image),
        credit_html(image),
    )


def library_view(model_admin, request):
    if not (
        model_admin.has_add_permission(request)
        or model_admin.has_change_permission(request)
    ):
        raise PermissionDenied
    images = Image.objects.exclude(file="")
    number = request.GET.get("id", "")
    term = request.GET.get("q", "").strip()[:100]
    if number.isdigit():
        images = images.filter(pk=number)
    elif term:
        images = images.filter(
            Q(caption__icontains=term)
            | Q(credit__icontains=term)
            | Q(alt_text__icontains=term)
            | Q(file__icontains=term)
        )
    rows = images.order_by("-created_at", "-id")[:SHOWN]
    return JsonResponse(
        {
            "images": [
                {
                    "id": image.pk,
                    "label": str(image),
                    "url": image.file.url,
                    "alt": "" if image.is_decorative else image.alt_text,
                    "credit": image.credit,
                    "source": image.source_url
                    if image.source_url.lower().startswith(("http://", "https://"))
                    else "",
                }
                for image in rows
            ]
        }
    )
