"""The benchmarks' URLs: the site's own plus the anchor page they compare with."""

from django.urls import clear_url_caches, resolve, reverse


def test_benchmark_urls_serve_the_anchor_beside_the_site(settings):
    settings.ROOT_URLCONF = "bench.urls"
    clear_url_caches()
    try:
        assert resolve("/bench/anchor/1/").func.__name__ == "anchor"
        assert reverse("articles:article_list") == "/en/articles/"
    finally:
        clear_url_caches()
