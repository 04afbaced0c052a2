"""The Simplified Chinese catalogue is complete: every message has a translation.

Whoever adds or changes a translatable string updates the catalogue with
`manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=var
--ignore=bench --ignore=tests --ignore=node_modules` and translates what it
added or marked fuzzy; these tests fail until then.
"""

import ast
import re
from pathlib import Path

import pytest

CATALOGUE = (
    Path(__file__).resolve().parent.parent / "locale/zh_Hans/LC_MESSAGES/django.po"
)

# Written the same in Chinese text: "PCO" is the term planners use (short labels
# keep it; longer ones add 专业会议组织者), and file formats are named by their
# Latin-letter codes in Chinese software. Anything else equal to its msgid is an
# untranslated string.
SAME_IN_CHINESE = frozenset({"PCO", "CSV", "XLSX", "RSS"})

# printf-style placeholders as Python's % operator reads them: %s, %d, %(name)s,
# %(mp).0f ("%%" is a literal percent sign, not a placeholder), and the
# {name} fields of str.format / format_html messages.
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifreEgGxXoc]|\{\w+\}")
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$")


def parse(text):
    """Return the catalogue's entries as dicts of flags and unquoted fields."""
    entries = []
    for block in re.split(r"\n\s*\n", text.strip()):
        entry, keyword = {"flags": set()}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif match := KEYWORD.match(line):
                keyword = match[1]
                entry[keyword] = ast.literal_eval(match[2])
            elif line.startswith('"') and keyword:
                entry[keyword] += ast.literal_eval(line)
        if "msgid" in entry:  # a block of only obsolete (#~) lines has none
            entries.append(entry)
    return entries


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


def translations(entry):
    return [value for key, value in entry.items() if key.startswith("msgstr")]


ENTRIES = parse(CATALOGUE.read_text(encoding="utf-8"))
HEADER = next(entry for entry in ENTRIES if entry["msgid"] == "")
MESSAGES = [entry for entry in ENTRIES if entry["msgid"]]


def by_msgid(entry):
    return entry["msgid"][:40]


def test_header_declares_chinese_with_one_plural_form():
    header = HEADER["msgstr"]
    assert "Language: zh_Hans\n" in header
    assert "charset=UTF-8" in header
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header


@pytest.mark.parametrize("entry", MESSAGES, ids=by_msgid)
def test_every_message_has_a_chinese_translation(entry):
    assert all(text.strip() for text in translations(entry))
    assert "fuzzy" not in entry["flags"]


@pytest.mark.parametrize("entry", MESSAGES, ids=by_msgid)
def test_no_message_is_left_in_english(entry):
    if entry["msgid"] not in SAME_IN_CHINESE:
        assert entry["msgid"] not in translations(entry)


@pytest.mark.parametrize(
    "entry", [e for e in MESSAGES if "msgid_plural" in e], ids=by_msgid
)
def test_plural_message_has_exactly_the_one_chinese_form(entry):
    assert [key for key in entry if key.startswith("msgstr")] == ["msgstr[0]"]


@pytest.mark.parametrize("entry", MESSAGES, ids=by_msgid)
def test_translation_keeps_every_placeholder(entry):
    # Chinese has one form for every count, so it takes the plural's placeholders
    # (a singular may say "one" instead of "%(counter)s").
    expected = placeholders(entry.get("msgid_plural", entry["msgid"]))
    for text in translations(entry):
        assert placeholders(text) == expected


def test_parser_reads_flags_plurals_and_continued_lines():
    entries = parse(
        '#, fuzzy, python-format\nmsgid ""\n"%(n)s a"\nmsgid_plural "%(n)s b"\n'
        'msgstr[0] "%(n)s \\"甲\\""\n\n#~ msgid "gone"\n#~ msgstr "旧"\n'
    )
    assert entries == [
        {
            "flags": {"fuzzy", "python-format"},
            "msgid": "%(n)s a",
            "msgid_plural": "%(n)s b",
            "msgstr[0]": '%(n)s "甲"',
        }
    ]
