from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from articles.models import Article


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        latest = Article.objects.published().select_related("author")[:6]
        return super().get_context_data(latest_articles=latest, **kwargs)


@never_cache
def healthz(request):
    """Answer 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")
