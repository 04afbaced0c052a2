"""Measure the site search against the judged queries of search_judgements.

Every query goes through the search page as a visitor's would; a query
succeeds when one of its wanted addresses is among the first three results,
or, with nothing wanted, when there is no result. The empty rate counts the
queries with a wanted answer that got no result at all.

Against a database with the demo loaded (`manage.py load_demo`):

    DATABASE_URL=postgres://… SECRET_KEY=x DEBUG=0 \\
        .venv/bin/python -m tests.hangzhou_mice.search_quality [--failures]
"""

import html
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass

from .search_judgements import JUDGEMENTS, KINDS

RESULT_LINK = re.compile(r'<h2 class="search-result__title"><a href="([^"]*)"')
OVERALL = "overall"


@dataclass(frozen=True)
class Outcome:
    judgement: object  # a search_judgements.Judgement
    results: tuple[str, ...]  # the addresses shown, best first

    @property
    def succeeded(self):
        if not self.judgement.wanted:
            return not self.results
        return any(path in self.judgement.wanted for path in self.results[:3])


@dataclass(frozen=True)
class Score:
    queries: int
    successes: int
    answerable: int  # queries with a wanted answer
    empty: int  # answerable queries that got no result

    @property
    def success_at_3(self):
        return self.successes / self.queries if self.queries else None

    @property
    def empty_rate(self):
        return self.empty / self.answerable if self.answerable else None


def search(client, judgement):
    """Return the addresses the search page lists for a judged query."""
    language = judgement.language
    response = client.get(f"/{language}/search/", {"q": judgement.query})
    if response.status_code != 200:
        message = f"{judgement.query!r} on /{language}/: {response.status_code}"
        raise RuntimeError(message)
    page = response.content.decode()
    return tuple(html.unescape(path) for path in RESULT_LINK.findall(page))


def run(client, judgements=JUDGEMENTS):
    return [Outcome(judgement, search(client, judgement)) for judgement in judgements]


def score(outcomes):
    answerable = [o for o in outcomes if o.judgement.wanted]
    return Score(
        queries=len(outcomes),
        successes=sum(o.succeeded for o in outcomes),
        answerable=len(answerable),
        empty=sum(not o.results for o in answerable),
    )


def summarise(outcomes):
    """Return a Score per kind, in KINDS order, and one for all queries."""
    by_kind = defaultdict(list)
    for outcome in outcomes:
        by_kind[outcome.judgement.kind].append(outcome)
    scores = {kind: score(by_kind[kind]) for kind in KINDS if by_kind[kind]}
    return {**scores, OVERALL: score(outcomes)}


def measure(client):
    """Return success@3 and the empty rate per kind and overall, as Scores."""
    return summarise(run(client))


def share(value):
    return "–" if value is None else f"{value:.2f}"


def report(results):
    """Format measure()'s scores as a Markdown table."""
    lines = [
        "| kind of query | queries | success@3 | empty rate |",
        "|---|---:|---:|---:|",
    ]
    for kind, result in results.items():
        name = f"**{kind}**" if kind == OVERALL else kind
        lines.append(
            f"| {name} | {result.queries} | {share(result.success_at_3)} "
            f"| {share(result.empty_rate)} ({result.empty}/{result.answerable}) |"
        )
    return "\n".join(lines)


def failures(outcomes):
    """Format the queries that failed, with the first three results."""
    lines = []
    for outcome in outcomes:
        if not outcome.succeeded:
            j = outcome.judgement
            shown = ", ".join(outcome.results[:3]) or "no result"
            lines.append(f"{j.kind:22} {j.language:7} {j.query!r}: {shown}")
    return "\n".join(lines)


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    # The test client's host, and plain static storage: outside DEBUG the
    # manifest storage would want collectstatic's manifest.
    static = "django.contrib.staticfiles.storage.StaticFilesStorage"
    with override_settings(
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": static}},
        SECURE_SSL_REDIRECT=False,
    ):
        outcomes = run(Client())
    sys.stdout.write(report(summarise(outcomes)) + "\n")
    if "--failures" in argv:
        sys.stdout.write("\n" + failures(outcomes) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
