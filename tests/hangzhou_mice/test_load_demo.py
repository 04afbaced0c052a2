import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F

from articles.models import Article
from tests.demo import load_demo

pytestmark = pytest.mark.django_db

ROADSHOW = "/en/articles/introducing-hangzhous-association-resources/"


@pytest.fixture
def demo():
    """What the command loads, copied back after the first load."""
    load_demo()


def test_load_demo_is_idempotent(settings, capsys):
    settings.DEMO_ADMIN_PASSWORD = "demo-pass-for-tests"
    call_command("load_demo")
    call_command("load_demo")

    assert Article.objects.published().in_language("en").count() == 3
    assert Article.objects.published().in_language("zh-hans").count() == 1
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


def test_demo_hero_image_goes_through_the_pipeline(demo, client):
    slug = ROADSHOW.split("/")[3]
    image = Article.objects.get(slug=slug, language="en").hero_image

    body = client.get(ROADSHOW).content.decode()

    assert image.alt_text
    assert [r["width"] for r in image.renditions] == [480, 960, 1600]
    assert f'width="{image.width}" height="{image.height}"' in body
    assert f'alt="{image.alt_text}"' in body
    assert 'type="image/webp"' in body


def test_demo_has_one_user_per_role(demo, client):
    for username, group in [
        ("editor", "Editor"),
        ("writer", "Writer"),
        ("reviewer", "Reviewer"),
        ("publisher", "Publisher"),
        ("eventstaff", "Event staff"),
        ("bureauadmin", "Bureau admin"),
    ]:
        user = get_user_model().objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert [g.name for g in user.groups.all()] == [group]
        assert client.login(username=username, password="demo-pass-for-tests")


def test_load_demo_prints_the_admin_address_it_is_given(settings, capsys):
    settings.DEMO_ADMIN_PASSWORD = "demo-pass-for-tests"

    call_command("load_demo", site_url="http://127.0.0.1:8001")

    assert "Admin: http://127.0.0.1:8001/admin/" in capsys.readouterr().out


def test_demo_roadshow_article_is_in_chinese_too(demo, client):
    english = client.get(ROADSHOW)
    chinese_url = ROADSHOW.replace("/en/", "/zh-hans/")

    chinese = client.get(chinese_url).content.decode()

    switch = f'href="/language/zh-hans/?next={chinese_url}" hreflang="zh-Hans"'
    assert switch in english.content.decode()
    assert "杭州协会会议资源推介" in chinese
    assert "2019年11月22日" in chinese
    for fact in ("60 家", "30 家", "18 家", "51,213", "53 位", "田梅"):
        assert fact in chinese


def test_demo_participants_registered_before_their_event(demo):
    from events.models import Participant

    late = Participant.objects.filter(registered_at__gt=F("event__start"))

    assert Participant.objects.exists() and not late.exists()
