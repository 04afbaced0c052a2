"""Text as the search index and its queries see it, in both scripts.

PostgreSQL's parser keeps a run of Chinese characters as one token, so
`会展` would never match `杭州国际会展中心`. Han runs are therefore indexed as
overlapping character bigrams (杭州 州国 国际 …) plus the run's last
character, in the `simple` configuration; everything else goes through the
`english` one (stemming, stop words). A query is split the same way: a Han
run becomes a phrase of bigrams (`会展` is one bigram, `会展中心` is
`会展 <-> 展中 <-> 中心`), a single character a prefix (`湖:*` finds 湖X
bigrams and a run's last character 湖).
"""

import functools
import html
import re
from dataclasses import dataclass

import opencc

from ..slugs import syllables

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# "-酒店" at the start of a term leaves out what has 酒店, as "-hotel" does.
EXCLUDED_HAN = re.compile(rf"(?:^|(?<=\s))-({HAN.pattern})")
TAG = re.compile(r"<[^>]*>")
BLOCK_END = re.compile(
    r"</(p|li|h\d|blockquote|div|td|th|dd|dt|tr|figcaption|section|ul|ol|table)>"
    r"|<br\s*/?>",
    re.I,
)
SPACE = re.compile(r"\s+")
LINE_SPACE = re.compile(r"[ \t\r\f\v]+")
LINES = re.compile(r"\s*\n\s*")
# Control characters, NUL included, and lone surrogates: never stored or sent.
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

# What one query may ask for: longer input is cut, not refused.
MAX_QUERY_CHARACTERS = 200
MAX_QUERY_TERMS = 8
MAX_HAN_RUN = 12
MAX_PINYIN_RUN = 4  # a name or a place; longer runs are phrases
MAX_POSITION = 16383  # PostgreSQL's last tsvector position
# Marks a straddling bigram kept for phrases (`kept_straddles`): a letter, so
# PostgreSQL's parser keeps it in the token, and at the end, so a bigram
# query (会展) never matches it and the spelling lexicon never reads it.
STRADDLE_MARK = "x"


def plain(value):
    """Rich text as plain text: tags dropped (an inline tag adds no space:
    详见<a>指南</a> stays 详见指南), entities decoded, each block on its
    own line, so an excerpt can tell where a paragraph ends."""
    text = html.unescape(TAG.sub("", BLOCK_END.sub("\n", value or "")))
    text = LINE_SPACE.sub(" ", UNPRINTABLE.sub(" ", text))
    return LINES.sub("\n", text).strip()


@functools.cache
def _to_simplified():
    # OpenCC's phrase tables, not a character table: 乾隆 stays 乾隆.
    return opencc.OpenCC("t2s")


def simplified(run):
    """A Han run in simplified characters (會展 → 会展), as the site writes."""
    return _to_simplified().convert(run)


def pinyin_words(text):
    """Toneless pinyin of the Han runs in `text` as a visitor types it without
    a Chinese keyboard: each two syllables as one word (杭州国际 → hangzhou
    zhouguo guoji, so `hangzhou guoji` matches) and a short run whole (田梅
    → tianmei, 陈示范 → chenshifan)."""
    words = []
    for run in HAN.findall(text):
        spoken = syllables(run)
        words += [a + b for a, b in zip(spoken, spoken[1:], strict=False)]
        if 2 < len(spoken) <= MAX_PINYIN_RUN:
            words.append("".join(spoken))
    return " ".join(words)


@functools.cache
def _segmenter():
    # jieba's dictionary in Rust (rjieba): about 33 MB once loaded, so only a
    # process that indexes Chinese text loads it.
    import rjieba  # noqa: PLC0415

    return rjieba


def han_prefix(language):
    """What a Han token is prefixed with in an entry in `language`: nothing
    in a Chinese one; the language's letters in another ("en会展"), whose
    Han words are few (the other language's titles, tags and labels).
    PostgreSQL keeps one set of statistics for the table: unprefixed, 会展
    would count as in half the entries when an English page asks for it,
    and a query joining it with a common English word ("MICE destination",
    会展 a synonym of MICE) was planned as a scan of the whole table (75 ms
    at bench scale 1, for no match)."""
    return "" if language.startswith("zh") else re.sub(r"[^a-z]", "", language)


def han_vector(text, weight, prefix=""):
    """The Han runs of `text` as a tsvector literal: each bigram within a
    word at its position, weighed `weight`. A bigram that straddles two
    words (会议 in 学会|议程, 会展 in 学会|展示) is not indexed: its first
    character stands in, as does a run's last character, without positions
    (no bytes for them), so that a one-character query still finds them and
    a phrase across words (博览中心 in 国际博览|中心) skips them
    (`han_words`). A run starts two places after the last one ended:
    国际 <2> 会议 does not join 国际 and 会议 across a comma. Words come from
    jieba's dictionary (rjieba); a character it cannot place in a word (a
    name it does not know: 陈|示范) joins its neighbours. A straddling
    bigram of the site's own compound terms (`kept_straddles`) is kept too,
    marked and without a position."""
    positions, singles, position = {}, set(), 0
    for run in HAN.findall(text):
        for token, whole in han_bigrams(run):
            position = min(position + 1, MAX_POSITION)
            if whole and len(token) == 2:
                positions.setdefault(prefix + token, []).append(f"{position}{weight}")
            else:
                singles.add(prefix + token[0])
                # Asked only here: an entry without Han text loads no dictionary.
                if token in kept_straddles():
                    singles.add(prefix + token + STRADDLE_MARK)
        position += 1  # a phrase does not run on into the next run
    placed = [f"{token}:{','.join(at)}" for token, at in positions.items()]
    return " ".join(placed + sorted(singles))


@functools.cache
def kept_straddles():
    """The bigrams that straddle two words in the Han terms the site starts
    its synonym groups with (览中 of 展览|中心, 议中 of 会议|中心, 会代 of
    参会|代表), kept where a text has them straddling too, marked and
    without a position: a phrase across those words
    (展览 <2> 中心) then also asks for 览中, which the index can look up,
    instead of reading again for positions every entry that has both words
    (7,148 for 展览 and 中心 at bench scale 1: 38 ms for none). A few bytes
    an entry. Taken from the seed (code), not from the groups editors
    change, so that what an entry holds changes only with a release (and
    `rebuild_search_index`, README "Upgrading the search"); a group added
    in the admin is found as before, by the slower phrase."""
    from .synonym_seed import GROUPS  # noqa: PLC0415 (data, read once)

    return frozenset(
        token
        for group in GROUPS
        for entry in group
        for run in HAN.findall(simplified(entry))
        for token, whole in han_bigrams(run)[:-1]
        if not whole
    )


def han_bigrams(run):
    """(token, within one word) for each token of a Han run."""
    if len(run) == 1:
        return [(run, True)]
    words = _segmenter().cut(run, hmm=True)
    owner = [(n, len(word)) for n, word in enumerate(words) for _char in word]
    if len(owner) != len(run):
        owner = [(0, len(run))] * len(run)
    tokens = []
    for i in range(len(run) - 1):
        (left, left_length), (right, right_length) = owner[i], owner[i + 1]
        whole = left == right or left_length == 1 or right_length == 1
        tokens.append((run[i : i + 2], whole))
    return [*tokens, (run[-1], True)]


def han_words(run):
    """(offset, bigram) for each bigram of a query's Han run that lies
    within a word, as the index holds them (`han_vector`): 国际会议中心 →
    国际, 际会, 会议 and 中心 but not 议中; a single character as itself."""
    if len(run) == 1:
        return [(0, run)]
    return [
        (offset, token)
        for offset, (token, whole) in enumerate(han_bigrams(run)[:-1])
        if whole
    ]


def split_scripts(text, weight, prefix=""):
    """(the text without Han runs, the Han runs as a tsvector literal)."""
    return HAN.sub(" ", text), han_vector(text, weight, prefix)


@dataclass(frozen=True)
class Query:
    """A visitor's query, cleaned and cut to size."""

    text: str  # as shown back in the box
    latin: str  # for websearch_to_tsquery('english'): quotes and -words work
    han_runs: tuple[str, ...]  # each Han run, at most MAX_HAN_RUN characters
    excluded_han_runs: tuple[str, ...] = ()  # Han runs after a "-"

    def __bool__(self):
        return bool(self.latin_words or self.han_runs)

    @property
    def latin_words(self):
        return re.findall(r"\w+", self.latin)

    @property
    def highlights(self):
        """Han strings to mark in an excerpt (Latin words are marked by stem),
        a traditional run in the simplified form the text has."""
        converted = tuple(simplified(run) for run in self.han_runs)
        return tuple(dict.fromkeys(self.han_runs + converted))


def parse(raw):
    """Clean a query string: any input gives a Query, possibly empty."""
    text = UNPRINTABLE.sub(" ", raw or "")[:MAX_QUERY_CHARACTERS]
    # Chinese quotation marks quote a phrase as straight ones do.
    text = text.replace("“", '"').replace("”", '"')
    terms = SPACE.sub(" ", text).strip().split(" ")[:MAX_QUERY_TERMS]
    text = " ".join(terms)
    excluded = tuple(run[:MAX_HAN_RUN] for run in EXCLUDED_HAN.findall(text))
    wanted = EXCLUDED_HAN.sub(" ", text)
    runs = tuple(run[:MAX_HAN_RUN] for run in HAN.findall(wanted))
    latin = HAN.sub(" ", wanted)
    # websearch syntax is forgiving, but an unbalanced quote around nothing
    # or a lone "-" means nothing: keep only word characters, quotes, "-".
    latin = SPACE.sub(" ", re.sub(r"[^\w\"\- ]", " ", latin)).strip()
    return Query(text=text, latin=latin, han_runs=runs, excluded_han_runs=excluded)
