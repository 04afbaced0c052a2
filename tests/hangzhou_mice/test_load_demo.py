import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article

pytestmark = pytest.mark.django_db

ROADSHOW = "/articles/introducing-hangzhous-association-resources/"


@pytest.fixture
def demo(settings):
    settings.DEMO_ADMIN_PASSWORD = "demo-pass-for-tests"
    call_command("load_demo", stdout=io.StringIO())


def test_load_demo_is_idempotent(settings, capsys):
    settings.DEMO_ADMIN_PASSWORD = "demo-pass-for-tests"
    call_command("load_demo")
    call_command("load_demo")

    assert Article.objects.published().count() == 3
    assert get_user_model().objects.filter(username="admin").count() == 1
    assert "password: demo-pass-for-tests" in capsys.readouterr().out


def test_demo_admin_can_log_in(demo, client):
    assert client.login(username="admin", password="demo-pass-for-tests")
    assert client.get("/admin/articles/article/").status_code == 200


def test_roadshow_article_shows_the_other_two_as_similar(demo, client):
    response = client.get(ROADSHOW)
    body = response.content.decode()

    assert response.status_code == 200
    assert [a.title for a in response.context["similar_articles"]] == [
        "Hangzhou – Leading Innovation for Future Conferences",
        "Clervaux rent-a-city",
    ]
    assert "Posted: <time" in body
    assert "November 11, 2019" in body
    assert "November 8, 2019" in body


def test_demo_hero_image_is_served_with_its_size(demo, client):
    article = Article.objects.get(slug="introducing-hangzhous-association-resources")

    body = client.get(ROADSHOW).content.decode()

    assert article.hero_image
    assert f'width="{article.hero_width}" height="{article.hero_height}"' in body
