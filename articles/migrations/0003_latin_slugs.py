"""Give every article with a slug in Han characters a Latin one; the old
slug is kept, so its address redirects (301) to the new one."""

from django.db import migrations

from hangzhou_mice.slugs import slug_for


def latin_slugs(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    OldSlug = apps.get_model("articles", "OldSlug")
    english = dict(
        Article.objects.filter(language="en").values_list("translation_key", "title")
    )
    for article in Article.objects.order_by("pk"):
        if article.slug.isascii():
            continue
        others = Article.objects.filter(language=article.language).exclude(
            pk=article.pk
        )
        title = english.get(article.translation_key) or article.title
        slug = slug_for(
            title,
            taken=lambda s, others=others: (
                s == "feed" or others.filter(slug__iexact=s).exists()
            ),
            fallback="article",
        )
        # update(), not save(): no signals of today's code in a migration.
        Article.objects.filter(pk=article.pk).update(slug=slug)
        OldSlug.objects.bulk_create([OldSlug(article=article, slug=article.slug)])


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_old_slugs")]

    # Backwards, the Latin slugs stay: the old schema takes them as well.
    operations = [migrations.RunPython(latin_slugs, migrations.RunPython.noop)]
