"""The admin's front page note: what waits for review, what is scheduled."""

from django import template
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from articles.models import Commentary

register = template.Library()


@register.inclusion_tag("admin/fulcrum/editorial_summary.html", takes_context=True)
def editorial_summary(context):
    """Count pieces waiting for review, scheduled, and with broken links."""
    user = context["request"].user
    if not user.has_perm("articles.view_commentary"):
        return {"rows": []}
    now = timezone.now()
    counts = Commentary.objects.aggregate(
        review=Count("pk", filter=Q(status=Commentary.Status.REVIEW)),
        scheduled=Count(
            "pk", filter=Q(status=Commentary.Status.PUBLISHED, published_at__gt=now)
        ),
        broken=Count("pk", filter=Q(link_status__gte=400) | ~Q(link_error="")),
    )
    changelist = reverse("admin:articles_commentary_changelist")
    rows = [
        (counts["review"], "waiting for review", f"{changelist}?visibility=review"),
        (counts["scheduled"], "scheduled", f"{changelist}?visibility=scheduled"),
        (counts["broken"], "with a broken link", f"{changelist}?link=broken"),
    ]
    return {"rows": [row for row in rows if row[0]]}
