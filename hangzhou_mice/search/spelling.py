"""A query's words as the index spells them, for a query that found nothing.

The lexicon (SearchWord) holds every Latin word and Han bigram indexed in a
language. A Latin word it lacks becomes the word spelled most alike
(pg_trgm: cardiolgy → cardiology), or the Han words its letters spell in
pinyin (qianzheng → 签证, huqingyutang → 胡庆余堂). A Han run with a bigram it
lacks becomes the run whose characters sound the same and whose bigrams it
all has (杭洲 → 杭州: a pinyin input method offers homophones).
"""

import re

from django.db import connection

from ..models import SearchWord
from ..slugs import syllables
from .text import HAN, MAX_HAN_RUN, han_words, simplified

SIMILAR = 0.4  # pg_trgm similarity a correction needs
MIN_LENGTH = 4  # shorter Latin words are left as typed
MAX_PINYIN_WORD = 24
BEAM = 8


def corrected(query, language):
    """The query text with unknown words replaced, or "" if nothing changes."""
    words = [w for w in re.findall(r"[^\W\d_]+", query.latin) if len(w) >= MIN_LENGTH]
    runs = [simplified(run) for run in query.han_runs if len(run) > 1]
    if not words and not runs:
        return ""
    asked = [w.lower() for w in words] + [b for r in runs for _at, b in han_words(r)]
    known = set(
        SearchWord.objects.filter(language=language, word__in=asked).values_list(
            "word", flat=True
        )
    )
    text, changed = query.text, False
    for word in words:
        if word.lower() in known:
            continue
        better = as_pinyin(word.lower(), language) or spelled_alike(word, language)
        if better:
            text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, text, count=1)
            changed = True
    for run, typed in zip(runs, [r for r in query.han_runs if len(r) > 1], strict=True):
        if all(b in known for _at, b in han_words(run)):
            if run != typed:
                text, changed = text.replace(typed, run), True
            continue
        better = homophone(run, language)
        if better:
            text, changed = text.replace(typed, better), True
    return text if changed else ""


def spelled_alike(word, language):
    """The Latin word of the lexicon spelled most like `word`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM hangzhou_mice_searchword "
            "WHERE NOT han AND language = %s AND word %% %s "
            "AND similarity(word, %s) >= %s "
            "ORDER BY similarity(word, %s) DESC, seen DESC, word LIMIT 1",
            [language, word.lower(), word.lower(), SIMILAR, word.lower()],
        )
        row = cursor.fetchone()
    return row[0] if row else ""


def as_pinyin(word, language):
    """The Han words whose pinyin `word` spells, in as few bigrams as will
    do (qianzheng → 签证; huqingyutang → 胡庆 余堂 → 胡庆余堂), or ""."""
    if not word.isascii() or len(word) > MAX_PINYIN_WORD:
        return ""
    pieces = {word[i:j] for i in range(len(word)) for j in range(i + 2, len(word) + 1)}
    found = {}
    rows = (
        SearchWord.objects.filter(language=language, han=True, pinyin__in=pieces)
        .order_by("pinyin", "-seen", "word")
        .values_list("pinyin", "word")
    )
    for pinyin, han in rows:
        found.setdefault(pinyin, han)  # the most seen word for each spelling
    # Fewest pieces covering the word, left to right.
    best = {0: ""}
    for end in range(1, len(word) + 1):
        options = [
            best[start] + found[word[start:end]]
            for start in range(end)
            if start in best and word[start:end] in found
        ]
        if options:
            best[end] = min(options, key=len)
    result = best.get(len(word), "")
    return result[:MAX_HAN_RUN] if HAN.fullmatch(result or "-") else ""


def homophone(run, language):
    """The run with characters swapped for ones read alike, such that the
    lexicon has every bigram of it within a word (`han_words`), changing as
    few as possible; or ""."""
    spoken = syllables(run)
    if len(spoken) != len(run):
        return ""
    wanted = {spoken[i] + spoken[i + 1] for i in range(len(run) - 1)}
    options = {}
    rows = (
        SearchWord.objects.filter(language=language, han=True, pinyin__in=wanted)
        .order_by("-seen", "word")
        .values_list("pinyin", "word")
    )
    for pinyin, word in rows:
        options.setdefault(pinyin, []).append(word)
    # Left to right, keeping the runs that change fewest characters; where
    # the lexicon has no bigram read alike (two words meet: 杭州|会展), the
    # typed character stays.
    beam = [(0, run[0])]
    for i in range(len(run) - 1):
        pinyin = spoken[i] + spoken[i + 1]
        grown = []
        for changes, prefix in beam:
            words = options.get(pinyin, [])[:BEAM]
            if i:  # the word must go on from the run so far
                words = [w for w in words if w[0] == prefix[-1]]
            for word in words:
                start = prefix[:-1] + word
                new = sum(a != b for a, b in zip(start, run, strict=False))
                grown.append((new, start))
            grown.append((changes, prefix + run[i + 1]))
        beam = sorted(set(grown))[:BEAM]
    candidates = [(changes, best) for changes, best in beam if changes]
    known = set(
        SearchWord.objects.filter(
            language=language,
            word__in={b for _c, best in candidates for _at, b in han_words(best)},
        ).values_list("word", flat=True)
    )
    for _changes, best in candidates:
        if all(b in known for _at, b in han_words(best)):
            return best
    return ""
