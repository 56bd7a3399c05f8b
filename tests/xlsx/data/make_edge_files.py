#!/usr/bin/env python3
"""Writes the hand-made .xlsx edge files of tests/xlsx (and the CSV each must read the same as).

The workbooks are written part by part, with hand-written XML, so that each shows one thing
Excel or WPS does that a library writer would not: the 1904 date system, title rows and a header
split over two rows by merged cells, inline strings, rich text and phonetic runs in the shared
strings, a Chinese sheet name and Chinese headers, and not-a-workbook files (.xls, an encrypted
workbook, Numbers, a renamed PDF). Run it from anywhere; it rewrites the files next to itself.
"""
import datetime
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

ORDERS = [  # customer, date, amount
    ("C001", "2023-01-05", 20.5), ("C001", "2023-02-11", 35.0), ("C001", "2023-06-30", 12.25),
    ("C002", "2023-01-09", 99.99), ("C003", "2023-02-01", 15.0), ("C003", "2023-02-01", 5.0),
    ("C003", "2023-03-15", 40.0), ("C004", "2023-04-20", 60.0), ("C004", "2023-07-01", 61.0),
    ("C004", "2023-09-09", 62.0), ("C005", "2023-05-05", 8.0), ("C006", "2023-08-18", 120.0),
    ("C006", "2023-10-02", 80.0), ("C002", "2023-11-30", 45.5), ("C005", "2023-12-24", 16.0),
]

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
{overrides}
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet {NS.split(' xmlns:r')[0]}>
<numFmts count="1"><numFmt numFmtId="164" formatCode="[$-804]yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>"""


def serial(iso, date1904=False):
    d = datetime.date.fromisoformat(iso)
    base = datetime.date(1904, 1, 1) if date1904 else datetime.date(1899, 12, 30)
    return (d - base).days


def col(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def write_workbook(name, sheets, shared=None, date1904=False):
    """sheets: [(sheet name, sheetData xml, extra xml after sheetData)]."""
    overrides = [f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                 for i in range(len(sheets))]
    overrides.append('<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>')
    rels = [f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(sheets))]
    rels.append('<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>')
    if shared is not None:
        overrides.append('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
        rels.append('<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/>')
    sheet_list = "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (n, _, _) in enumerate(sheets))
    pr = ' date1904="1"' if date1904 else ""
    workbook = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {NS}>'
                f'<workbookPr{pr}/><sheets>{sheet_list}</sheets></workbook>')
    with zipfile.ZipFile(os.path.join(HERE, name), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(overrides="\n".join(overrides)))
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + "".join(rels) + "</Relationships>")
        z.writestr("xl/styles.xml", STYLES)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml",
                       f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {NS.split(" xmlns:r")[0]} count="{len(shared)}" uniqueCount="{len(shared)}">'
                       + "".join(shared) + "</sst>")
        for i, (_, data, extra) in enumerate(sheets):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml",
                       f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}><sheetData>{data}</sheetData>{extra}</worksheet>')


def write_csv(name, header, rows):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(str(v) for v in r) + "\n")


def dates_1904():
    # Shared strings, one with rich-text runs and one with a phonetic guide that is not text.
    shared = ["<si><t>Customer</t></si>", "<si><r><t>Order </t></r><r><rPr><b/></rPr><t>date</t></r></si>",
              "<si><t>Amount</t></si>"]
    index = {}
    for c, _, _ in ORDERS:
        if c not in index:
            index[c] = len(shared)
            shared.append(f"<si><t>{c}</t><rPh sb=\"0\" eb=\"1\"><t>ruby</t></rPh></si>")
    rows = ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>']
    for i, (c, d, a) in enumerate(ORDERS, start=2):
        rows.append(f'<row r="{i}"><c r="A{i}" t="s"><v>{index[c]}</v></c><c r="B{i}" s="1"><v>{serial(d, True)}</v></c>'
                    f'<c r="C{i}" s="3"><v>{a}</v></c></row>')
    write_workbook("dates_1904.xlsx", [("Orders", "".join(rows), "")], shared=shared, date1904=True)
    write_csv("dates_1904.csv", ["Customer", "Order date", "Amount"], ORDERS)


def title_rows_merged():
    # A title merged over A1:C1, an empty row 2, "Customer" merged over A3:A4 and "Order" merged
    # over B3:C3 above "Date" | "Amount" on row 4; the data from row 5 with an empty row 9 and a
    # 1900-system date style of its own (a custom Chinese format).
    def s(ref, text):
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'
    rows = [f'<row r="1">{s("A1", "Orders export, all shops")}</row>',
            f'<row r="3">{s("A3", "Customer")}{s("B3", "Order")}</row>',
            f'<row r="4">{s("B4", "Date")}{s("C4", "Amount")}</row>']
    r = 5
    for c, d, a in ORDERS:
        if r == 9:
            rows.append('<row r="9"/>')
            r += 1
        rows.append(f'<row r="{r}">{s(f"A{r}", c)}<c r="B{r}" s="2"><v>{serial(d)}</v></c><c r="C{r}"><v>{a}</v></c></row>')
        r += 1
    merges = '<mergeCells count="3"><mergeCell ref="A1:C1"/><mergeCell ref="A3:A4"/><mergeCell ref="B3:C3"/></mergeCells>'
    write_workbook("title_rows_merged.xlsx", [("Export", "".join(rows), merges)])
    write_csv("title_rows_merged.csv", ["Customer", "Order Date", "Order Amount"], ORDERS)


def chinese_inline():
    # First sheet 订单 (the default), a second sheet 说明; Chinese headers, inline strings, dates
    # as text, a boolean column and a formula cell with its cached value.
    def s(ref, text):
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    rows = [f'<row r="1">{s("A1", "客户ID")}{s("B1", "下单时间")}{s("C1", "实付金额")}{s("D1", "VIP")}</row>']
    for i, (c, d, a) in enumerate(ORDERS, start=2):
        rows.append(f'<row r="{i}">{s(f"A{i}", c)}{s(f"B{i}", d)}<c r="C{i}"><f>{a}*1</f><v>{a}</v></c>'
                    f'<c r="D{i}" t="b"><v>{1 if a > 50 else 0}</v></c></row>')
    notes = f'<row r="1">{s("A1", "这张表说明订单的来源")}</row>'
    write_workbook("chinese_inline.xlsx", [("订单", "".join(rows), ""), ("说明", notes, "")])
    write_csv("chinese_inline.csv", ["客户ID", "下单时间", "实付金额"], ORDERS)


def not_workbooks():
    sector = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 504
    with open(os.path.join(HERE, "old_format.xls"), "wb") as f:
        f.write(sector + "Workbook".encode("utf-16-le") + b"\0" * 512)
    with open(os.path.join(HERE, "password.xlsx"), "wb") as f:
        f.write(sector + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512)
    with open(os.path.join(HERE, "renamed_pdf.xlsx"), "wb") as f:
        f.write(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    with zipfile.ZipFile(os.path.join(HERE, "apple.numbers"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Index/Document.iwa", b"\0\1\2\3")
        z.writestr("Metadata/DocumentIdentifier", "5F3C")


if __name__ == "__main__":
    dates_1904()
    title_rows_merged()
    chinese_inline()
    not_workbooks()
