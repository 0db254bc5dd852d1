"""/healthz: for load balancers and uptime checks."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """Answer 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as err:  # Any database failure means "not healthy".
        return JsonResponse(
            {"status": "error", "database": type(err).__name__}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})
