"""Shared primitives of every Word builder: one place decides how our documents look and behave.

Every builder (session report, personal plans, story template, survey form) starts from
:func:`new_document` and ends with :func:`to_bytes`, so all of them get the same page set-up
(A4, 2 cm margins), fonts that render the same in Word and LibreOffice, British English as the
proofing language, document properties, and "Page X of Y" in the footer.

Text typed by people reaches these helpers unchecked, so every helper passes it through
:func:`workshop.common.text.xml_safe`: python-docx raises on control characters and lone surrogates
(docs/field-notes.md), and one bad statement must never break a facilitator's report.

Tables are the slow part of python-docx: adding rows cell by cell re-reads the whole table each
time, which docs/field-notes.md measured at 4 s for a 1,000-row report. :func:`add_table` therefore writes
the table's XML in one string and parses it once, which keeps a large table linear in its rows.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.table import CT_Tbl
from docx.oxml.text.paragraph import CT_P
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from workshop.common.text import clean_text, is_rtl, xml_safe

FONT = "Arial"
#: Metric-compatible substitutes, written into the font table so LibreOffice and other readers
#: lay pages out as Word does where Arial itself is not installed.
FONT_ALTERNATIVES = "Liberation Sans"
SYMBOL_FONT = "Segoe UI Symbol"  # has ☐; Word and LibreOffice fall back per glyph if missing
BODY_SIZE = Pt(11)

#: NHS dark blue: 12.6:1 against white, so headings pass WCAG AA at any size.
HEADING_COLOUR = "003087"
#: Pale fills behind black text (contrast above 15:1): table header rows and highlighted rows.
HEADER_FILL = "DCE6F2"
HIGHLIGHT_FILL = "FFF2CC"
RULE_COLOUR = "7F7F7F"

PAGE_WIDTH = Cm(21.0)
PAGE_HEIGHT = Cm(29.7)
MARGIN = Cm(2.0)
#: Usable text width in twentieths of a point (twips), the unit of table widths.
TEXT_WIDTH_TWIPS = int((PAGE_WIDTH - 2 * MARGIN) / 635)


def text_width_twips(document: Document) -> int:
    """The usable width of the document's last section: landscape worksheets are wider than A4 portrait."""
    section = document.sections[-1]
    if not (section.page_width and section.left_margin is not None and section.right_margin is not None):
        return TEXT_WIDTH_TWIPS
    return int((section.page_width - section.left_margin - section.right_margin) / 635)


_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_THEME_COLOUR_ATTRS = ("w:themeColor", "w:themeShade", "w:themeTint")
# pPr children that must follow w:bidi (ECMA-376 order), for inserting it in the right place.
_AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
# pPr children that must follow w:tabs, and w:pBdr, in the same order.
_AFTER_TABS = (
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    *_AFTER_BIDI,
)
_AFTER_BORDERS = ("w:shd", "w:tabs", *_AFTER_TABS)


@dataclass(frozen=True)
class Cell:
    """One table cell with formatting; a plain ``str`` in a row means ``Cell(text)``."""

    text: str
    bold: bool = False
    italic: bool = False
    fill: str | None = None  # hex RGB background, e.g. HIGHLIGHT_FILL


def single_line(value: str | None) -> str:
    """Titles, names and labels: cleaned and folded to one line."""
    return clean_text(value, single_line=True)


# --------------------------------------------------------------------------- document set-up


def new_document(
    title: str,
    subject: str = "",
    author: str = "",
    *,
    keywords: Sequence[str] = (),
    comments: str = "",
    category: str = "Impact Workshop Kit",
    created: datetime | None = None,
    landscape: bool = False,
) -> Document:
    """A blank document with our page set-up, styles, properties and page-numbered footer.

    The set-up is done once and cached as a template (:func:`_template`): a ZIP of 300
    personal plans builds 300 documents, and re-styling each one would triple the cost.
    ``created`` defaults to now; pass a fixed value where byte-for-byte stable output matters.
    """
    document = docx.Document(io.BytesIO(_template()))
    if landscape:
        _set_up_page(document, landscape=True)
    _set_properties(
        document,
        title=single_line(title),
        subject=single_line(subject),
        author=single_line(author) or "Impact Workshop Kit",
        keywords=", ".join(single_line(k) for k in keywords if single_line(k)),
        comments=xml_safe(comments),
        category=single_line(category),
        created=created or datetime.now(UTC).replace(microsecond=0),
    )
    return document


@functools.cache
def _template() -> bytes:
    """python-docx's default template, prepared once: page, styles, fonts, settings, footer."""
    document = docx.Document()
    _set_up_page(document, landscape=False)
    _trim_template(document)
    _set_up_styles(document)
    _set_up_font_table(document)
    _set_up_settings(document)
    _drop_template_thumbnail(document)
    add_page_number_footer(document)
    return to_bytes(document)


def _trim_template(document: Document) -> None:
    """Drop the template's 98 unused table styles and its Word 2010 style copy.

    They make up 90% of its XML, which every document would otherwise parse and write.
    """
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in (
            "TableNormal",
            "TableGrid",
        ):
            styles.remove(style)
    rels = document.part.rels
    for r_id, rel in list(rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del rels[r_id]


def _set_up_page(document: Document, *, landscape: bool) -> None:
    for section in document.sections:
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        width, height = (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
        section.page_width, section.page_height = width, height
        section.top_margin = section.bottom_margin = MARGIN
        section.left_margin = section.right_margin = MARGIN
        section.header_distance = section.footer_distance = Cm(1.0)


def _set_up_styles(document: Document) -> None:
    """Arial everywhere, British English, dark accessible heading colours.

    The template's styles name theme fonts (Calibri/Cambria) and theme colours; both are
    replaced by explicit values so every reader shows the same thing.
    """
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for r_fonts in styles.iter(qn("w:rFonts")):
        for attr in _THEME_FONT_ATTRS:
            r_fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            r_fonts.set(qn(attr), FONT)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(r_pr, qn("w:lang"))
    lang.set(qn("w:val"), "en-GB")
    lang.set(qn("w:eastAsia"), "en-GB")
    for colour in styles.iter(qn("w:color")):
        themed = any(qn(attr) in colour.attrib for attr in _THEME_COLOUR_ATTRS)
        for attr in _THEME_COLOUR_ATTRS:
            colour.attrib.pop(qn(attr), None)
        if themed and colour.get(qn("w:val")) not in ("000000", "auto"):
            colour.set(qn("w:val"), HEADING_COLOUR)

    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for level, size in ((1, 16), (2, 13), (3, 12), (4, 11)):
        heading = document.styles[f"Heading {level}"]
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.italic = False
        heading.paragraph_format.space_before = Pt(18 if level == 1 else 12)
        heading.paragraph_format.space_after = Pt(6)
    title = document.styles["Title"]
    title.font.size = Pt(24)
    # The participant's own words stand out: larger, with a bar on the left (not colour alone).
    quote = document.styles["Quote"]
    quote.font.size = Pt(13)
    quote.paragraph_format.left_indent = Cm(0.4)
    quote.paragraph_format.space_before = Pt(6)
    quote.paragraph_format.space_after = Pt(8)
    quote.element.get_or_add_pPr().insert_element_before(
        parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:left w:val="single" w:sz="24" w:space="8" w:color="{HEADING_COLOUR}"/></w:pBdr>'
        ),
        *_AFTER_BORDERS,
    )


def _set_up_font_table(document: Document) -> None:
    """Declare Arial with its metric-compatible alternative, so layout matches off Windows."""
    for rel in document.part.rels.values():
        if rel.reltype != RT.FONT_TABLE:
            continue
        part = rel.target_part
        fonts = etree.fromstring(part.blob)
        font = fonts.find(f"{qn('w:font')}[@{qn('w:name')}='{FONT}']")
        if font is None:
            font = etree.SubElement(fonts, qn("w:font"))
            font.set(qn("w:name"), FONT)
            for tag, value in (
                ("w:panose1", "020B0604020202020204"),
                ("w:charset", "00"),
                ("w:family", "swiss"),
                ("w:pitch", "variable"),
            ):
                etree.SubElement(font, qn(tag)).set(qn("w:val"), value)
        if font.find(qn("w:altName")) is None:
            alt_name = etree.Element(qn("w:altName"))
            alt_name.set(qn("w:val"), FONT_ALTERNATIVES)
            font.insert(0, alt_name)  # altName is the first child of w:font
        part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_up_settings(document: Document) -> None:
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), "en-GB")
    # The template asks Word to save a preview picture of *its* content; ours differs.
    preview = settings.find(qn("w:savePreviewPicture"))
    if preview is not None:
        settings.remove(preview)


def _drop_template_thumbnail(document: Document) -> None:
    """The template ships a thumbnail of another document; file browsers would show it."""
    package_rels = document.part.package.rels
    for r_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[r_id]


def _set_properties(document: Document, **values: object) -> None:
    props = document.core_properties
    props.title = values["title"]
    props.subject = values["subject"]
    props.author = values["author"]
    props.last_modified_by = values["author"]
    props.keywords = values["keywords"]
    props.comments = values["comments"]
    props.category = values["category"]
    props.language = "en-GB"
    props.created = props.modified = values["created"]
    props.revision = 1
    props.content_status = ""
    props.identifier = ""
    props.version = ""


def add_page_number_footer(document: Document, text: str = "") -> None:
    """ "Page X of Y" (PAGE and NUMPAGES fields) centred in every footer, after optional text."""
    for section in document.sections:
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if text:
            paragraph.add_run(f"{single_line(text)} · ")
        paragraph.add_run("Page ")
        _append_field(paragraph, "PAGE")
        paragraph.add_run(" of ")
        _append_field(paragraph, "NUMPAGES")
        for run in paragraph.runs:
            run.font.size = Pt(9)


def _append_field(paragraph: Paragraph, instruction: str) -> None:
    """A complex field (begin/instr/separate/result/end), which Word and LibreOffice both update."""
    size = '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'
    for xml in (
        f'<w:r {nsdecls("w")}>{size}<w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}>{size}<w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}>{size}<w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {nsdecls('w')}>{size}<w:t>1</w:t></w:r>",
        f'<w:r {nsdecls("w")}>{size}<w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml))


# --------------------------------------------------------------------------- text


def add_title(document: Document, text: str) -> Paragraph:
    """The document's title, in the built-in Title style (the outline starts below it)."""
    return _fast_paragraph(document, [(single_line(text), False, False)], style_id="Title")


def add_heading(document: Document, text: str, level: int) -> Paragraph:
    """A built-in ``Heading n`` paragraph, so navigation panes and screen readers see structure.

    Callers keep levels without gaps (1, then 2, …): the accessibility checkers of Word and of
    the public sector flag skipped levels.
    """
    if not 1 <= level <= 9:
        raise ValueError(f"heading level must be 1–9, not {level}")
    return _fast_paragraph(document, [(single_line(text), False, False)], style_id=f"Heading{level}")


def add_paragraph(
    document: Document,
    text: str = "",
    *,
    style: str | None = None,
    bold: bool = False,
    italic: bool = False,
    keep_with_next: bool = False,
) -> Paragraph:
    """A paragraph of (possibly multi-line) text; line breaks stay line breaks.

    ``style`` is the name of a built-in paragraph style ("Quote", "List Bullet", …).
    ``keep_with_next`` for words that introduce a table or a box: a page never ends on them.
    """
    style_id = style.replace(" ", "") if style else None
    return _fast_paragraph(document, [(xml_safe(text), bold, italic)], style_id=style_id, keep_with_next=keep_with_next)


def add_label_value(document: Document, label: str, value: str) -> Paragraph:
    """ "Label: value" with the label in bold; an empty value leaves a ruled line to fill in."""
    value = xml_safe(value)
    if value.strip():
        return _fast_paragraph(
            document, [(f"{single_line(label)}: ", True, False), (value, False, False)], space_after=40
        )
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{single_line(label)}: ").bold = True
    _add_leader_tab(paragraph)
    paragraph.add_run("\t")
    paragraph.paragraph_format.space_after = Pt(2)
    return paragraph


def _fast_paragraph(
    document: Document,
    runs: Sequence[tuple[str, bool, bool]],
    *,
    style_id: str | None = None,
    space_after: int | None = None,
    keep_with_next: bool = False,
) -> Paragraph:
    """A paragraph written as XML text and parsed once.

    python-docx's paragraph, run and style objects cost about ten times more per paragraph,
    which a ZIP of hundreds of plans multiplies (bench/export_documents.py). Right-to-left text gets
    w:bidi so Word lays it out from the right.
    """
    p_pr = f'<w:pStyle w:val="{style_id}"/>' if style_id else ""
    if keep_with_next:
        p_pr += "<w:keepNext/>"
    if is_rtl("".join(text for text, _, _ in runs)):
        p_pr += "<w:bidi/>"
    if space_after is not None:
        p_pr += f'<w:spacing w:after="{space_after}"/>'
    body = "".join(_run_xml(text, bold, italic) for text, bold, italic in runs)
    p = parse_xml(f"<w:p {nsdecls('w')}>{f'<w:pPr>{p_pr}</w:pPr>' if p_pr else ''}{body}</w:p>")
    document.element.body.insert_element_before(p, "w:sectPr")
    return Paragraph(cast(CT_P, p), document._body)


def add_bullets(document: Document, items: Iterable[str], *, style: str = "List Bullet") -> list[Paragraph]:
    """A bulleted (or, with ``style="List Number"``, numbered) list using Word's list styles."""
    return [add_paragraph(document, item, style=style) for item in items]


def add_quote(document: Document, text: str) -> Paragraph:
    """A statement quoted in the built-in Quote style (italic), e.g. the participant's own words."""
    return add_paragraph(document, text, style="Quote")


def add_page_break(document: Document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def add_hyperlink(paragraph: Paragraph, url: str, text: str | None = None) -> None:
    """An external link, underlined and in link blue (8.6:1 on white)."""
    url = single_line(url)
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{r_id}" w:history="1"><w:r><w:rPr>'
        f'<w:color w:val="0645AD"/><w:u w:val="single"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(single_line(text) or url)}</w:t></w:r></w:hyperlink>'
    )
    paragraph._p.append(link)


def _directional(paragraph: Paragraph) -> Paragraph:
    """Mark right-to-left paragraphs (w:bidi) so Word lays them out from the right."""
    if is_rtl(paragraph.text):
        p_pr = paragraph._p.get_or_add_pPr()
        if p_pr.find(qn("w:bidi")) is None:
            p_pr.insert_element_before(parse_xml(f"<w:bidi {nsdecls('w')}/>"), *_AFTER_BIDI)
    return paragraph


# --------------------------------------------------------------------------- places to write


def add_writing_lines(document: Document, lines: int = 3) -> None:
    """Ruled lines to write on by hand, or to type on in Word.

    Each line is an empty paragraph whose tab stop at the right margin has an underscore
    leader: unlike bottom borders, Word does not merge these into one border group. The lines
    keep together, so a page never carries a single line of somebody's answer space.
    """
    count = max(lines, 1)
    for number in range(1, count + 1):
        paragraph = document.add_paragraph()
        _add_leader_tab(paragraph)
        paragraph.paragraph_format.space_before = Pt(10)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.keep_with_next = number < count  # never one line alone
        paragraph.add_run("\t")


def _add_leader_tab(paragraph: Paragraph) -> None:
    """A right tab stop at the margin with an underscore leader: a line to write on."""
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.insert_element_before(
        parse_xml(
            f'<w:tabs {nsdecls("w")}><w:tab w:val="right" w:leader="underscore" '
            f'w:pos="{text_width_twips(paragraph.part.document)}"/></w:tabs>'  # type: ignore[attr-defined]  # a body paragraph's part is the DocumentPart
        ),
        *_AFTER_TABS,
    )


def add_writing_box(document: Document, lines: int = 4) -> Paragraph:
    """An empty bordered box about ``lines`` lines tall, for a longer answer."""
    paragraph = document.add_paragraph()
    p_pr = paragraph._p.get_or_add_pPr()
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="6" w:space="4" w:color="{RULE_COLOUR}"/>'
        for side in ("top", "left", "bottom", "right")
    )
    p_pr.insert_element_before(
        parse_xml(f"<w:pBdr {nsdecls('w')}>{borders}</w:pBdr>"),
        *_AFTER_BORDERS,
    )
    paragraph.paragraph_format.space_before = Pt(4)
    paragraph.paragraph_format.space_after = Pt(10)
    paragraph.paragraph_format.line_spacing = Pt(18)
    paragraph.paragraph_format.keep_together = True  # a box is never split across two pages
    run = paragraph.add_run()
    for _ in range(max(lines, 1) - 1):
        run.add_break()
    return paragraph


def add_tick_boxes(document: Document, items: Iterable[str], *, ticked: Collection[str] = ()) -> list[Paragraph]:
    """Options to tick on paper: "☐ item", one a line, never split across two pages; ``ticked`` ones show "☒"."""
    paragraphs = []
    options = list(items)
    for number, item in enumerate(options, 1):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = number < len(options)  # the list stays whole
        box = paragraph.add_run("☒" if item in ticked else "☐")
        box.font.name = SYMBOL_FONT
        box.font.size = Pt(13)
        r_fonts = box._r.get_or_add_rPr().find(qn("w:rFonts"))
        if r_fonts is not None:
            r_fonts.set(qn("w:cs"), SYMBOL_FONT)
            r_fonts.set(qn("w:eastAsia"), SYMBOL_FONT)
        paragraph.add_run("  " + xml_safe(item))
        paragraph.paragraph_format.space_after = Pt(3)
        paragraphs.append(_directional(paragraph))
    return paragraphs


# --------------------------------------------------------------------------- tables


def add_table(
    document: Document,
    headers: Sequence[str],
    rows: Iterable[Sequence[str | Cell]],
    *,
    widths: Sequence[float] | None = None,
    min_row_height: float | None = None,
    caption: str = "",
    description: str = "",
    keep_together: bool | None = None,
) -> Table:
    """A real table with a header row that repeats on every page, built in one parse.

    No row splits across pages (cantSplit). The header keeps with the first row, and the last
    row with the one before it, so a page never ends on a lone header or starts with one last
    row; ``keep_together`` (by default for tables of up to 8 rows: the forms people write on)
    keeps the whole table on one page. Put the table's heading, and any paragraph that
    introduces it, with ``keep_with_next`` (headings have it), and they stay together.

    ``widths`` are relative column weights (``(1, 4)`` gives the second column four fifths of
    the text width). ``min_row_height`` in centimetres turns empty cells into writing space.
    ``caption``/``description`` become the table's alternative text (Word's tblCaption).
    The rows are serialised to XML text and parsed once: python-docx's cell-by-cell API
    re-scans the table on every call and grows worse than linearly (docs/field-notes.md).
    """
    columns = len(headers)
    if columns == 0:
        raise ValueError("a table needs at least one column")
    weights = list(widths) if widths else [1.0] * columns
    if len(weights) != columns:
        raise ValueError("one width per column")
    total = sum(weights)
    width = text_width_twips(document)
    twips = [int(width * weight / total) for weight in weights]

    parts: list[str] = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>']
    parts.append(f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>')
    parts.append(
        '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
    )
    parts.append(
        '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
    )
    if caption:
        parts.append(f"<w:tblCaption w:val={quoteattr(single_line(caption))}/>")
    if description:
        parts.append(f"<w:tblDescription w:val={quoteattr(single_line(description))}/>")
    parts.append("</w:tblPr><w:tblGrid>")
    parts.extend(f'<w:gridCol w:w="{width}"/>' for width in twips)
    parts.append("</w:tblGrid>")

    parts.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
    for header, width in zip(headers, twips, strict=True):
        parts.append(_cell_xml(Cell(header, bold=True, fill=HEADER_FILL), width, keep_with_next=True))
    parts.append("</w:tr>")

    row_pr = "<w:trPr><w:cantSplit/>"
    if min_row_height:
        row_pr += f'<w:trHeight w:val="{int(min_row_height * 567)}" w:hRule="atLeast"/>'
    row_pr += "</w:trPr>"
    all_rows = [list(row) for row in rows]
    whole = keep_together if keep_together is not None else len(all_rows) <= 8
    for number, cells in enumerate(all_rows, 1):
        if len(cells) != columns:
            raise ValueError(f"row has {len(cells)} cells, the table {columns} columns")
        keep = number < len(all_rows) and (whole or number == len(all_rows) - 1)
        parts.append("<w:tr>")
        parts.append(row_pr)
        for cell, width in zip(cells, twips, strict=True):
            parts.append(_cell_xml(cell if isinstance(cell, Cell) else Cell(cell), width, keep_with_next=keep))
        parts.append("</w:tr>")
    parts.append("</w:tbl>")

    tbl = parse_xml("".join(parts))
    body = document.element.body
    body.insert_element_before(tbl, "w:sectPr")
    # A paragraph after every table: Word merges adjacent tables and needs one before sectPr.
    document.add_paragraph().paragraph_format.space_after = Pt(0)
    return Table(cast(CT_Tbl, tbl), document._body)


def _cell_xml(cell: Cell, width: int, *, keep_with_next: bool = False) -> str:
    text = xml_safe(cell.text)
    tc_pr = f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
    if cell.fill:
        tc_pr += f'<w:shd w:val="clear" w:color="auto" w:fill="{cell.fill}"/>'
    tc_pr += "</w:tcPr>"
    bidi = "<w:bidi/>" if is_rtl(text) else ""
    keep = "<w:keepNext/>" if keep_with_next else ""
    p_pr = f'<w:pPr>{keep}{bidi}<w:spacing w:before="0" w:after="40"/></w:pPr>'
    return f"<w:tc>{tc_pr}<w:p>{p_pr}{_run_xml(text, cell.bold, cell.italic)}</w:p></w:tc>"


def _run_xml(text: str, bold: bool, italic: bool) -> str:
    """A run whose line breaks and tabs become w:br and w:tab, as python-docx's run.text does."""
    if not text:
        return ""
    r_pr = ""
    if bold or italic:
        r_pr = "<w:rPr>" + ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "") + "</w:rPr>"
    pieces: list[str] = []
    for line_no, line in enumerate(text.split("\n")):
        if line_no:
            pieces.append("<w:br/>")
        for seg_no, segment in enumerate(line.split("\t")):
            if seg_no:
                pieces.append("<w:tab/>")
            if segment:
                pieces.append(f'<w:t xml:space="preserve">{escape(segment)}</w:t>')
    return f"<w:r>{r_pr}{''.join(pieces)}</w:r>"


# --------------------------------------------------------------------------- images


def add_picture(
    document: Document,
    image: bytes,
    *,
    width_cm: float,
    alt_text: str,
    title: str = "",
    under: Paragraph | None = None,
) -> Paragraph:
    """An inline picture with alternative text (docPr descr/title), centred in a paragraph of its own.

    ``under`` puts the picture on a new line of that paragraph instead (left-aligned with its
    text), and keeps the paragraph's lines together: LibreOffice (7.4) does not move a
    keep-with-next paragraph to the next page with a following picture paragraph that does not
    fit, so a heading's lead line and its chart must be one paragraph for them to stay together.
    Alt text is required: WCAG 1.1.1 and Word's accessibility checker flag images without it.
    """
    if not single_line(alt_text):
        raise ValueError("every picture needs alternative text")
    if under is None:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        paragraph = under
        paragraph.paragraph_format.keep_together = True
        paragraph.add_run().add_break()
    run = paragraph.add_run()
    run.add_picture(io.BytesIO(image), width=Cm(width_cm))
    for doc_pr in run._r.iter(qn("wp:docPr")):
        doc_pr.set("descr", xml_safe(alt_text))
        doc_pr.set("title", single_line(title or alt_text))
    return paragraph


# --------------------------------------------------------------------------- output


def to_bytes(document: Document) -> bytes:
    """The finished ``.docx`` file, the same bytes for the same content.

    python-docx stamps every part of the package with the current time, so two builds a second
    apart differ (and a ZIP of plans is never reproducible). The parts are re-stamped with the
    document's own creation time, kept inside what a ZIP can hold (1980-2107), in their order
    (``[Content_Types].xml`` first).
    """
    buffer = io.BytesIO()
    document.save(buffer)
    created = document.core_properties.created or datetime(1980, 1, 1)
    stamp = (
        min(max(created.year, 1980), 2107),
        created.month,
        created.day,
        created.hour,
        created.minute,
        created.second,
    )
    packed = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info.filename))
    return packed.getvalue()
