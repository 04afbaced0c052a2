"""The Simplified Chinese catalogues are complete: every message has a translation.

Whoever adds or changes a translatable string updates the catalogue with
`manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=var
--ignore=bench --ignore=tests --ignore=node_modules` and translates what it
added or marked fuzzy; these tests fail until then. The overrides catalogues
(locale_overrides/, edited by hand) translate the packages' messages that ship
without Chinese or read badly in it, and are held to the same rules.
"""

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"
OVERRIDES = ROOT / "locale_overrides/zh_Hans/LC_MESSAGES"
CATALOGUES = [CATALOGUE, OVERRIDES / "django.po", OVERRIDES / "djangojs.po"]

# Written the same in Chinese text: "PCO" is the term planners use (short labels
# keep it; longer ones add 专业会议组织者), and file formats are named by their
# Latin-letter codes in Chinese software. Anything else equal to its msgid is an
# untranslated string.
SAME_IN_CHINESE = frozenset({"PCO", "CSV", "XLSX", "RSS"})

# The bureau's name comes from its record (bureau.models.Bureau), in each
# language, so no message may type it, nor the other names it went by.
BUREAU_NAMES = ("Bureau of Culture", "文化广电旅游局", "会展办", "会议促进机构")

# printf-style placeholders as Python's % operator reads them: %s, %d, %(name)s,
# %(mp).0f ("%%" is a literal percent sign, not a placeholder), and the
# {name} fields of str.format / format_html messages.
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifreEgGxXoc]|\{\w+\}")
# Chinese text takes full-width punctuation (，：（）？); half-width may stay
# only in what is quoted verbatim: placeholders, HTML tags, addresses, another
# program's words in quotation marks, code such as get_absolute_url() and
# formats such as HH:MM.
HAN = re.compile(r"[\u3400-\u9fff]")
VERBATIM = re.compile(r"<[^>]*>|https?://\S+|“[^”]*”|\w+\(\)|\w:\w")
HALF_WIDTH = re.compile(r"[():;?!]")
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


def untranslated(entry):
    return "fuzzy" in entry["flags"] or not all(
        text.strip() for text in translations(entry)
    )


def left_in_english(entry):
    msgid = entry["msgid"]
    return msgid not in SAME_IN_CHINESE and msgid in translations(entry)


def names_the_bureau(entry):
    texts = [entry["msgid"], entry.get("msgid_plural", ""), *translations(entry)]
    return any(name in text for name in BUREAU_NAMES for text in texts)


def not_one_plural_form(entry):
    forms = [key for key in entry if key.startswith("msgstr")]
    return "msgid_plural" in entry and forms != ["msgstr[0]"]


def placeholders_changed(entry):
    # Chinese has one form for every count, so it takes the plural's placeholders
    # (a singular may say "one" instead of "%(counter)s").
    expected = placeholders(entry.get("msgid_plural", entry["msgid"]))
    return any(placeholders(text) != expected for text in translations(entry))


def half_width_in_chinese(entry):
    for text in translations(entry):
        bare = VERBATIM.sub("", PLACEHOLDER.sub("", text.replace("%%", "")))
        if HAN.search(text) and HALF_WIDTH.search(bare):
            return True
    return False


RULES = {
    "untranslated or fuzzy": untranslated,
    "left in English": left_in_english,
    "not the one Chinese plural form": not_one_plural_form,
    "placeholders changed": placeholders_changed,
    "names the bureau": names_the_bureau,
    "half-width punctuation in Chinese": half_width_in_chinese,
}


def read(path):
    return parse(path.read_text(encoding="utf-8"))


@pytest.fixture(
    scope="module", params=CATALOGUES, ids=lambda path: str(path.relative_to(ROOT))
)
def catalogue(request):
    return request.param


@pytest.fixture(scope="module")
def entries(catalogue):
    return read(catalogue)


def breaking(rule, entries):
    return [entry["msgid"] for entry in entries if RULES[rule](entry)]


def test_header_declares_chinese_with_one_plural_form(entries):
    header = next(entry for entry in entries if entry["msgid"] == "")["msgstr"]
    assert "Language: zh_Hans\n" in header
    assert "charset=UTF-8" in header
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header


@pytest.mark.parametrize("rule", RULES)
def test_no_message_breaks_the_rule(entries, rule):
    bad = breaking(rule, [entry for entry in entries if entry["msgid"]])
    assert not bad, f"{len(bad)} messages {rule}:\n" + "\n".join(map(repr, bad))


def test_catalogue_compiles(catalogue):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt not found: install gettext (Debian: apt-get install gettext)"
    checked = subprocess.run(  # noqa: S603 (a fixed command on our own file)
        [msgfmt, "--check", "--output-file=/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr


def test_overrides_leave_our_own_messages_to_our_catalogue():
    """locale/ wins where both hold a message, so a copy here would be dead."""
    ours = {(entry.get("msgctxt"), entry["msgid"]) for entry in read(CATALOGUE)}
    overridden = {(e.get("msgctxt"), e["msgid"]) for e in read(CATALOGUES[1])}
    assert sorted(ours & overridden - {(None, "")}) == []


def test_each_rule_lists_the_entries_breaking_it():
    planted = parse(
        'msgid "Empty"\nmsgstr ""\n\n#, fuzzy\nmsgid "Guessed"\nmsgstr "猜"\n\n'
        'msgid "English"\nmsgstr "English"\n\nmsgid "CSV"\nmsgstr "CSV"\n\n'
        'msgid "%(n)d row"\nmsgid_plural "%(n)d rows"\nmsgstr[0] "%(n)d 行"\n'
        'msgstr[1] "%(n)d 行"\n\nmsgid "%(n)d of %(m)d"\nmsgstr "%(n)d"\n\n'
        'msgid "News from the bureau"\nmsgstr "杭州市会展办的资讯"\n\n'
        'msgid "Delete?"\nmsgstr "删除?"\n\nmsgid "Note: (%(tz)s)"\n'
        'msgstr "注意: (%(tz)s)"\n\nmsgid "Save as “CSV (UTF-8)”, at HH:MM."\n'
        'msgstr "另存为“CSV (UTF-8)”，时间写作 HH:MM。"\n'
    )
    assert {rule: breaking(rule, planted) for rule in RULES} == {
        "untranslated or fuzzy": ["Empty", "Guessed"],
        "left in English": ["English"],
        "not the one Chinese plural form": ["%(n)d row"],
        "placeholders changed": ["%(n)d of %(m)d"],
        "names the bureau": ["News from the bureau"],
        "half-width punctuation in Chinese": ["Delete?", "Note: (%(tz)s)"],
    }


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
