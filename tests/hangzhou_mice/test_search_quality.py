"""The site search against the judged queries (search_judgements.py).

The floor is the issue's: success@3 at least 0.90 over every query and at
least 0.75 for each kind of query. The search as it was when the queries
were written scored 0.40 overall, so this test failed on it; the table is
printed on every run.
"""

import pytest

from tests.demo import load_demo

from .search_quality import OVERALL, report, run, summarise

pytestmark = pytest.mark.django_db

OVERALL_FLOOR = 0.90
KIND_FLOOR = 0.75


def test_the_judged_queries_find_what_visitors_want(
    client, django_capture_on_commit_callbacks, capsys
):
    load_demo()

    scores = summarise(run(client))

    with capsys.disabled():
        print(f"\n{report(scores)}")  # noqa: T201 (the report is the point)
    short = {
        kind: round(score.success_at_3, 2)
        for kind, score in scores.items()
        if score.success_at_3 < (OVERALL_FLOOR if kind == OVERALL else KIND_FLOOR)
    }
    assert not short, report(scores)
