"""The demo downloads, made when the demo is loaded: a fact sheet, written as
PDF objects by hand, and a workbook of the demo venues' meeting rooms."""

import io
import textwrap

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4, in points
MARGIN = 56
FOOTER_SPACE = 40
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
BULLET_INDENT = 14
# Font resource, size, leading, space before, colour (RGB 0-1), and the
# average Helvetica glyph width in ems: enough to wrap by character count.
STYLES = {
    "title": ("F2", 16, 21, 0, (0.04, 0.37, 0.36), 0.53),
    "subtitle": ("F1", 10, 14, 2, (0.3, 0.3, 0.3), 0.5),
    "note": ("F3", 9, 12, 10, (0.55, 0.16, 0.1), 0.5),
    "h2": ("F2", 12, 16, 14, (0.04, 0.37, 0.36), 0.53),
    "p": ("F1", 10, 14, 4, (0, 0, 0), 0.5),
    "li": ("F1", 10, 14, 3, (0, 0, 0), 0.5),
    "footer": ("F1", 8, 10, 0, (0.3, 0.3, 0.3), 0.5),
}
FONTS = {"F1": "Helvetica", "F2": "Helvetica-Bold", "F3": "Helvetica-Oblique"}
TITLE = "Hangzhou for association congresses: fact sheet (demo)"
AUTHOR = "Hangzhou Municipal Bureau of Culture, Radio, TV and Tourism"
FOOTER = "Demo document of the Hangzhou MICE demo site  \u2013  page {page} of {pages}"

FACT_SHEET = [
    ("title", TITLE),
    (
        "subtitle",
        f"{AUTHOR} \u2013 Meetings and Conventions Office",
    ),
    (
        "note",
        "Demo document made for a demonstration website. The figures quoted from "
        "the 2019 \u201cHangzhou PLUS\u201d roadshow are as presented there; "
        "check travel and visa rules and the city's support rules with the "
        "bureau before you rely on them.",
    ),
    ("h2", "A city of knowledge"),
    (
        "p",
        "Associations meet where their subject is alive. Hangzhou, a city of more "
        "than 12 million people, is home to Zhejiang University, Westlake "
        "University and Alibaba's DAMO Academy.",
    ),
    (
        "li",
        "Digital economy: e-commerce, cloud computing, artificial intelligence "
        "and video technology.",
    ),
    (
        "li",
        "Life sciences and medicine: the teaching hospitals of Zhejiang "
        "University and a growing biomedicine industry.",
    ),
    (
        "li",
        "Tea and agriculture: Longjing tea, the Tea Research Institute of the "
        "Chinese Academy of Agricultural Sciences and the China National Rice "
        "Research Institute.",
    ),
    (
        "li",
        "Traditional Chinese medicine: Zhejiang Chinese Medical University and "
        "the Hu Qing Yu Tang pharmacy, founded in 1874.",
    ),
    (
        "li",
        "First in China for net talent inflow three years running, and 51,213 "
        "invention patents (as presented at the 2019 roadshow).",
    ),
    ("h2", "Easy to reach"),
    (
        "li",
        "Hangzhou Xiaoshan International Airport (HGH), about 30 km from West "
        "Lake, with domestic and international routes.",
    ),
    (
        "li",
        "High-speed rail from Hangzhou East and Hangzhou West stations: Shanghai "
        "in about an hour, Beijing in under five hours on the fastest trains.",
    ),
    (
        "li",
        "Metro lines to the airport and both high-speed stations; foreign bank "
        "cards can be linked to Alipay and WeChat Pay.",
    ),
    (
        "li",
        "Visa-free transit or visa-free entry for nationals of many countries; "
        "the rules change, so check them when you plan.",
    ),
    ("h2", "A proven host"),
    (
        "li",
        "The G20 Leaders' Summit in 2016 and the 19th Asian Games in 2023: their "
        "venues, transport and volunteer services now serve congresses.",
    ),
    (
        "li",
        "Three UNESCO World Heritage sites for social programmes: the West Lake "
        "Cultural Landscape, the Grand Canal and the Archaeological Ruins of "
        "Liangzhu City.",
    ),
    (
        "li",
        "Hotels for every budget, from international brands to lakeside resorts.",
    ),
    ("h2", "What the bureau does for your bid, free of charge"),
    (
        "li",
        "Bid documents in English and Chinese, and letters of support.",
    ),
    (
        "li",
        "Site inspections for your board or evaluation committee.",
    ),
    (
        "li",
        "Introductions to the 53 Hangzhou Convention Ambassadors, leading "
        "academics who can chair a local host committee.",
    ),
    (
        "li",
        "Provisional holds on venues and hotel rooms, and proposals to compare.",
    ),
    (
        "li",
        "Financial support (subvention) for qualifying meetings under the "
        "city's rules: ask us for the current rules.",
    ),
    (
        "p",
        "The International Meeting Bidding Service Center is your single point "
        "of contact. See the Contact page of this site, and the meeting room "
        "workbook in the Planner's toolkit.",
    ),
    ("h2", "Planning notes"),
    (
        "li",
        "Seasons: spring (March to May) and autumn (September to November) are "
        "the most sought-after congress months; June and early July bring the "
        "plum rains, and high summer is hot and humid.",
    ),
    (
        "li",
        "Time zone: China Standard Time (UTC+8), no daylight saving time.",
    ),
    (
        "li",
        "Money: renminbi (CNY); mobile payment is the norm, and international "
        "hotels and venues take major cards.",
    ),
    (
        "li",
        "Language: English is spoken at international hotels and congress "
        "venues; the bureau can recommend interpreters and bilingual staff.",
    ),
    (
        "li",
        "Power: 220 V, 50 Hz; sockets take flat two-pin plugs (as in the "
        "United States) and angled three-pin plugs (as in Australia).",
    ),
]


def pdf_text(text):
    """`text` as a PDF string literal in WinAnsiEncoding."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def wrapped(style, text):
    """The lines of one block: (style, x offset, text)."""
    _font, size, *_rest, em = STYLES[style]
    indent = BULLET_INDENT if style == "li" else 0
    width = int((TEXT_WIDTH - indent) / (size * em))
    lines = [(style, indent, line) for line in textwrap.wrap(text, width)]
    if style == "li":
        lines.insert(0, (style, 0, "\u2022"))
    return lines


def height(style, lines):
    _font, _size, leading, before, *_rest = STYLES[style]
    return before + (len(lines) - (style == "li")) * leading


def sections(blocks):
    """The blocks in runs that each start at a heading."""
    runs = [[]]
    for style, text in blocks:
        if style == "h2":
            runs.append([])
        runs[-1].append((style, wrapped(style, text)))
    return runs


def place(page, style, lines, y):
    """Add a block's lines to `page` below `y`; return the new `y`."""
    _font, _size, leading, before, *_rest = STYLES[style]
    y -= before
    for n, (line_style, x, line) in enumerate(lines):
        if not (style == "li" and n == 1):  # the bullet shares the first line
            y -= leading
        page.append((line_style, MARGIN + x, y, line))
    return y


def paginate(blocks):
    """Pages of (style, x, y, text), a section moved whole to the next page
    when it does not fit (the fact sheet's sections are shorter than a page)."""
    top, bottom = PAGE_HEIGHT - MARGIN, MARGIN + FOOTER_SPACE
    pages, y = [[]], top
    for run in sections(blocks):
        if pages[-1] and y - sum(height(*block) for block in run) < bottom:
            pages.append([])
            y = top
        for style, lines in run:
            y = place(pages[-1], style, lines, y)
    return pages


def content_stream(lines, footer):
    commands = []
    for style, x, y, text in [*lines, ("footer", MARGIN, MARGIN, footer)]:
        font, size, _leading, _before, (r, g, b), _em = STYLES[style]
        commands.append(
            b"BT %.2f %.2f %.2f rg /%s %d Tf 1 0 0 1 %d %d Tm %s Tj ET"
            % (r, g, b, font.encode(), size, x, y, pdf_text(text))
        )
    return b"\n".join(commands)


def stream(data):
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def pdf_file(objects):
    """A PDF of these object bodies (object n is objects[n - 1]), whose first
    is the catalogue and second the document information."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 2 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def fact_sheet_pdf():
    """Return the fact sheet: one or two A4 pages in standard Helvetica."""
    pages = paginate(FACT_SHEET)
    first_page = 3 + len(FONTS) + 1  # catalogue, info, page tree, fonts
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * n) for n in range(len(pages)))
    fonts = b" ".join(
        b"/%s %d 0 R" % (name.encode(), 4 + n) for n, name in enumerate(FONTS)
    )
    objects = [
        b"<< /Type /Catalog /Pages 3 0 R /Lang (en) >>",
        b"<< /Title %s /Author %s /Creator (Hangzhou MICE demo) >>"
        % (pdf_text(TITLE), pdf_text(AUTHOR)),
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
        *(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /%s "
            b"/Encoding /WinAnsiEncoding >>" % base.encode()
            for base in FONTS.values()
        ),
    ]
    for number, lines in enumerate(pages, start=1):
        footer = FOOTER.format(page=number, pages=len(pages))
        objects.append(
            b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << %s >> >> /Contents %d 0 R >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, fonts, len(objects) + 2)
        )
        objects.append(stream(content_stream(lines, footer)))
    return pdf_file(objects)


COLUMNS = (
    ("Venue (English) 场馆（英文）", 44),
    ("Venue (Chinese) 场馆（中文）", 30),
    ("Room (English) 会议室（英文）", 24),
    ("Room (Chinese) 会议室（中文）", 18),
    ("Area (m²) 面积（平方米）", 14),
    ("Theatre 剧院式", 12),
    ("Classroom 课桌式", 12),
    ("Banquet 宴会式", 12),
    ("Reception 酒会式", 12),
)
LAYOUTS = ("theatre", "classroom", "banquet", "reception")
NOTES = (
    "Demo data: the venues and their capacities are fictitious.",
    "演示数据：场馆及容量均为虚构。",
    "An empty cell means the room is not offered in that layout.",
    "空白单元格表示该会议室不提供此种布置。",
    "Capacities are maximums; confirm them with the venue for your set-up.",
    "容量均为最大值，具体布置请与会场确认。",
    "Hangzhou Municipal Bureau of Culture, Radio, TV and Tourism",
    "杭州市文化广电旅游局",
)


def room_rows(venues):
    for venue in venues:
        for room in venue.rooms.all():
            yield (
                venue.name_en,
                venue.name_zh_hans,
                room.name_en,
                room.name_zh_hans,
                room.area_m2,
                *(getattr(room, layout) for layout in LAYOUTS),
            )


def as_text_only(sheet):
    """Store every cell as a value: a name that starts with "=" stays a name."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def rooms_sheet(sheet, venues):
    sheet.title = "Meeting rooms 会议室"
    sheet.append([title for title, _width in COLUMNS])
    for row in room_rows(venues):
        sheet.append(row)
    as_text_only(sheet)
    for cell, (_title, width) in zip(sheet[1], COLUMNS, strict=True):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[cell.column_letter].width = width
    for row in sheet.iter_rows(min_row=2, min_col=5):
        for cell in row:
            cell.number_format = "#,##0"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def venue_capacities_xlsx(venues):
    """Return a workbook of the venues' meeting rooms, one row per room.

    `venues` are venues with `name_en`, `name_zh_hans` and `rooms` (prefetch
    them), whose rooms have both names, `area_m2` and a capacity per layout.
    """
    workbook = Workbook()
    workbook.properties.title = "Meeting rooms of the demo venues 演示会场会议室"
    workbook.properties.creator = "Hangzhou MICE demo"
    rooms_sheet(workbook.active, venues)
    notes = workbook.create_sheet("About 说明")
    for line in NOTES:
        notes.append([line])
    notes.column_dimensions["A"].width = 70
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
