"""The change form's publishing buttons, and what they say once done.

Editors (who hold `articles.publish_commentary`) get Save draft, Publish
now, Schedule and Unpublish instead of having to change a status dropdown
and read "changed"; contributors keep "Save and submit for review". A
button only sets the status the form is validated with, so the workflow's
checks (workflow.problems_by_field) answer beside their fields as before.
"""

from django.utils import timezone

from .models import Commentary

PUBLISH = "_publish"
SCHEDULE = "_schedule"
UNPUBLISH = "_unpublish"
# The status each editor's button gives the piece before validation.
BUTTON_STATUS = {
    PUBLISH: Commentary.Status.PUBLISHED,
    SCHEDULE: Commentary.Status.PUBLISHED,
    UNPUBLISH: Commentary.Status.DRAFT,
}


def pressed(request):
    """Return which publishing button sent the form, or None."""
    for name in BUTTON_STATUS:
        if name in request.POST:
            return name
    return None


def with_button_status(request):
    """Give request.POST the status of the button pressed (editors only)."""
    button = pressed(request)
    if button is None:
        return
    post = request.POST.copy()
    post["status"] = BUTTON_STATUS[button]
    request.POST = post


def when(moment):
    """Return "12 May, 09:00" in the site's time zone (the year if not this one)."""
    local = timezone.localtime(moment)
    text = f"{local.day} {local:%B}"
    if local.year != timezone.localdate().year:
        text += f" {local.year}"
    return f"{text}, {local:%H:%M}"


def short_date(moment):
    """Return "12 May 2026", in the site's time zone: a list's date column."""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y}"


def time_zone_note():
    """Say in which time zone the form's times are, for the Schedule button."""
    return f"Times are in {timezone.get_current_timezone_name()} time."


def outcome(button, obj, was_live):
    """Return what saving did, as the editor should read it."""
    if button == PUBLISH:
        return f"Published: “{obj}” is live."
    if button == SCHEDULE:
        return f"Scheduled for {when(obj.published_at)}: “{obj}”."
    if button == UNPUBLISH:
        return f"Unpublished: “{obj}” is a draft again; readers no longer see it."
    if obj.is_published and was_live:
        return f"Saved: the live page of “{obj}” is updated."
    if obj.is_published:
        return f"Published: “{obj}” is live."
    if obj.is_scheduled:
        return f"Saved: “{obj}” is scheduled for {when(obj.published_at)}."
    if obj.status == Commentary.Status.DRAFT:
        return f"Saved as a draft: “{obj}”."
    return f"Saved: “{obj}” ({obj.visibility})."


def save_label(obj):
    """The main save button's words: a live page changes at once."""
    if obj is None or obj.status == Commentary.Status.DRAFT:
        return "Save draft"
    if obj.is_published:
        return "Save and update the live page"
    return "Save"
