"""`threadline new-source` on an HTML page and a PDF (issue 12, item 7).

The page and the PDFs are made here: a page with a menu and a footer around its article, a
two-page PDF written by hand (a real PDF with text-drawing operators, read by pypdf), an
encrypted one (pypdf's writer), one without text, and broken files.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
import yaml
from pypdf import PdfWriter
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, SDO

from extract import documents
from extract.cli import main
from extract.documents import read_document, sniff
from graph.namespaces import KG

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Students Rally on the Green - The Example Gazette</title>
<meta name="author" content="Jane Roe">
<meta property="og:site_name" content="The Example Gazette">
<meta property="article:published_time" content="2025-04-02">
<link rel="canonical" href="https://gazette.example/2025/04/rally">
</head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>Students Rally on the Green</h1>
<p>On April 1, 2025, about two hundred students gathered on the town green to protest the
detention of a classmate. The rally was organised by the student union.</p>
<p>The mayor, Ada Byron, said the town would not interfere with a peaceful assembly and that
the police had been told to keep the road open.</p>
<p>Organisers said they would gather again the following week if the classmate was still held.</p>
</article>
<footer>Copyright 2025 The Example Gazette. All rights reserved. Subscribe now.</footer>
</body></html>
"""


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """A minimal PDF: each page draws its lines in Helvetica, one below the other."""
    objects: list[bytes] = []
    kids = []
    page_objects = []
    for number, lines in enumerate(pages):
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        content_id = 4 + 2 * number
        page_id = content_id + 1
        page_objects.append(
            (content_id, b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        )
        page_objects.append(
            (
                page_id,
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_id,
            )
        )
        kids.append(b"%d 0 R" % page_id)
    objects = [
        (1, b"<< /Type /Catalog /Pages 2 0 R >>"),
        (2, b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(pages)),
        (3, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
        *page_objects,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = {}
    for ident, body in sorted(objects):
        offsets[ident] = out.tell()
        out.write(b"%d 0 obj\n" % ident + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for ident in sorted(offsets):
        out.write(b"%010d 00000 n \n" % offsets[ident])
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


REPORT = [
    [
        "A Report on the Rally",
        "",
        "On April 1, 2025, about two hundred students gathered on the",
        "town green to protest the detention of a classmate. The rally",
        "was organised by the student union and lasted two hours.",
        "",
        "The mayor, Ada Byron, said the town would not interfere with a",
        "peaceful assembly.",
    ],
    [
        "A second page carries on the report: the organisers said they",
        "would gather again the following week if the classmate was held.",
    ],
]


def new_source(data: Path, document: Path, *extra: str) -> tuple[int, str, str]:
    return main(["--data", str(data), "new-source", str(document), *extra])


def test_html_page_becomes_a_source_with_its_original_recorded(tmp_path: Path, capsys) -> None:
    page = tmp_path / "rally.html"
    page.write_text(PAGE, encoding="utf-8")
    data = tmp_path / "data"
    assert new_source(data, page, "--id", "rally") == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "taken from the document itself" in out
    assert "title" in out and "published" in out
    text = (data / "sources" / "rally.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "Students Rally on the Green"
    assert lines[1].startswith("On April 1, 2025, about two hundred students gathered")
    assert lines[1].endswith("organised by the student union.")  # one paragraph, one line
    assert any(line.startswith("The mayor, Ada Byron, said") for line in lines)
    assert "Home" not in text and "Copyright" not in text  # boilerplate left out
    meta = yaml.safe_load((data / "sources" / "rally.yaml").read_text(encoding="utf-8"))
    assert meta["original"] == {
        "file": "rally.html",
        "format": "html",
        "sha256": hashlib.sha256(page.read_bytes()).hexdigest(),
    }
    assert meta["title"].startswith("Students Rally on the Green")
    assert meta["published"] == "2025-04-02"
    assert meta["author"] == "Jane Roe"
    assert meta["url"] == "https://gazette.example/2025/04/rally"
    assert {"title": "Students Rally on the Green", "line": 1} in meta["sections"]

    curation = data / "curation" / "rally.yaml"
    curation.write_text(
        curation.read_text(encoding="utf-8").replace(
            "entities: []",
            "entities:\n  - {id: ada-byron, type: person, label: Ada Byron, evidence: Ada Byron}",
        ),
        encoding="utf-8",
    )
    assert main(["--data", str(data), "build", "-o", str(tmp_path / "g.trig")]) == 0, (
        capsys.readouterr().err
    )
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(tmp_path / "g.trig", format="trig")
    originals = list(ds.triples((None, KG.fileSha256, None)))
    assert len(originals) == 1
    node, _, digest = originals[0]
    assert digest == Literal(meta["original"]["sha256"])
    assert (node, SDO.name, Literal("rally.html")) in ds
    assert (node, SDO.encodingFormat, Literal("text/html")) in ds
    assert (URIRef(str(node).removesuffix("/original")), PROV.wasDerivedFrom, node) in ds


def test_pdf_becomes_a_source_one_paragraph_a_line(tmp_path: Path, capsys) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(pdf_bytes(REPORT))
    data = tmp_path / "data"
    code = new_source(data, pdf, "--title", "A Report", "--published", "2025-04", "--id", "report")
    assert code == 0, capsys.readouterr().err
    text = (data / "sources" / "report.txt").read_text(encoding="utf-8")
    assert text.splitlines() == [
        "A Report on the Rally",
        "On April 1, 2025, about two hundred students gathered on the town green to protest the "
        "detention of a classmate. The rally was organised by the student union and lasted two "
        "hours.",
        "The mayor, Ada Byron, said the town would not interfere with a peaceful assembly.",
        "A second page carries on the report: the organisers said they would gather again the "
        "following week if the classmate was held.",
    ]
    meta = yaml.safe_load((data / "sources" / "report.yaml").read_text(encoding="utf-8"))
    assert meta["original"]["format"] == "pdf"
    assert meta["original"]["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert main(["--data", str(data), "validate"]) == 0, capsys.readouterr()


def test_a_pdf_without_title_or_date_asks_for_them(tmp_path: Path, capsys) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(pdf_bytes(REPORT))
    data = tmp_path / "data"
    assert new_source(data, pdf) == 1
    err = capsys.readouterr().err
    assert "--title: no title given and the PDF names none — give --title" in err
    assert "--published: no publication date given and the PDF states none" in err
    assert not data.exists()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "fake.pdf",
            b"Just words, no PDF here.\n",
            "the name ends in .pdf but the file is not PDF",
        ),
        ("page.html", b"%PDF-1.4\n", "the name ends in .html but the file is not HTML"),
        ("broken.pdf", b"%PDF-1.4\nthis is not a PDF body\n", "the PDF cannot be read"),
        (
            "empty.html",
            b"<html><head><title>x</title></head><body><script>var a;</script></body></html>",
            "no article text was found",
        ),
    ],
)
def test_unreadable_documents_get_one_located_line(
    tmp_path: Path, capsys, name: str, content: bytes, expected: str
) -> None:
    document = tmp_path / name
    document.write_bytes(content)
    data = tmp_path / "data"
    assert new_source(data, document, "--title", "T", "--published", "2025") == 1
    err = capsys.readouterr().err
    assert f"{name}: {expected}" in err, err
    assert "Traceback" not in err
    assert not data.exists()


def test_encrypted_and_textless_pdfs(tmp_path: Path, capsys) -> None:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    blank = io.BytesIO()
    writer.write(blank)
    (tmp_path / "blank.pdf").write_bytes(blank.getvalue())
    writer.encrypt("secret")
    locked = io.BytesIO()
    writer.write(locked)
    (tmp_path / "locked.pdf").write_bytes(locked.getvalue())
    data = tmp_path / "data"
    assert new_source(data, tmp_path / "locked.pdf", "--title", "T", "--published", "2025") == 1
    assert "locked.pdf: the PDF is encrypted — decrypt it first" in capsys.readouterr().err
    assert new_source(data, tmp_path / "blank.pdf", "--title", "T", "--published", "2025") == 1
    assert "blank.pdf: the PDF has no text layer (a scan?) — run OCR" in capsys.readouterr().err
    assert not data.exists()


def test_extraction_is_stopped_at_its_time_limit(tmp_path: Path) -> None:
    """A page that takes long to parse is stopped, in a child process, at the limit."""
    page = tmp_path / "deep.html"
    paragraph = "<p>" + "word " * 200 + "</p>\n"
    page.write_text("<html><body><article>" + paragraph * 20000 + "</article></body></html>")
    with pytest.raises(documents.CurationErrors) as caught:
        read_document(page, timeout=0.05)
    assert "took longer than 0.05 s and was stopped" in str(caught.value)


def test_size_limit(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 1024)
    page = tmp_path / "big.html"
    page.write_text(PAGE * 10)
    assert new_source(tmp_path / "data", page) == 1
    err = capsys.readouterr().err
    assert (
        f"big.html: the file is {page.stat().st_size / 1024:.3g} KB; documents are read up to 1 KB"
        in err
    )


def test_hostile_page_metadata_is_not_trusted(tmp_path: Path, capsys) -> None:
    """A page's own URL, date and title are taken only when the metadata can hold them."""
    page = tmp_path / "odd.html"
    page.write_text(
        PAGE.replace("https://gazette.example/2025/04/rally", "javascript:alert(1)")
        .replace("2025-04-02", "yesterday")
        .replace("Students Rally on the Green - The Example Gazette", "Title\x1bwith escape"),
        encoding="utf-8",
    )
    data = tmp_path / "data"
    code = new_source(data, page, "--id", "odd", "--published", "2025-04")
    assert code == 0, capsys.readouterr().err
    meta = yaml.safe_load((data / "sources" / "odd.yaml").read_text(encoding="utf-8"))
    assert "url" not in meta
    assert "\x1b" not in meta["title"]
    assert meta["published"] == "2025-04"


def test_sniff_ignores_the_extension() -> None:
    assert sniff(b"\xef\xbb\xbf<!-- saved --><html>") == "html"
    assert sniff(b"<p>a fragment</p>") == "text"
    assert sniff(b"%PDF-1.7") == "pdf"


def test_reading_a_page_or_pdf_sends_no_request(tmp_path: Path) -> None:
    """Images, style sheets, frames, a canonical link and an XML entity pointing at a listener
    on this machine: extraction opens no connection."""
    from test_query_security import Listener

    server = Listener()
    try:
        url = f"http://127.0.0.1:{server.port}"
        page = tmp_path / "links.html"
        page.write_text(
            f'<!DOCTYPE html [<!ENTITY x SYSTEM "{url}/entity">]><html><head>'
            f'<link rel="stylesheet" href="{url}/style.css"><link rel="canonical" href="{url}/">'
            f'<script src="{url}/a.js"></script></head><body><article><h1>Links &x;</h1>'
            f"<p>A paragraph long enough to be kept as the article text of this page, with an "
            f'image <img src="{url}/i.png"> and a frame.</p><iframe src="{url}/f"></iframe>'
            "</article></body></html>",
            encoding="utf-8",
        )
        document = read_document(page)
        assert "A paragraph long enough" in document.text
        pdf = tmp_path / "link.pdf"
        pdf.write_bytes(pdf_bytes([[f"See {url}/report for more."]]))
        assert url in read_document(pdf).text
        assert server.settled() == 0
    finally:
        server.stop()
