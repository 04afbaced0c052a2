from django.urls import path

from hangzhou_mice import converters  # noqa: F401  (registers <uslug:>)

from . import feeds, views

app_name = "articles"
urlpatterns = [
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    path("articles/feed/", feeds.LatestArticlesFeed(), name="article_feed"),
    path(
        "articles/<uslug:slug>/",
        views.ArticleDetailView.as_view(),
        name="article_detail",
    ),
    path(
        "articles/<int:pk>/preview/",
        views.ArticlePreviewView.as_view(),
        name="article_preview",
    ),
]
