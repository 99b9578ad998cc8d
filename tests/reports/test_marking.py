import io

from pypdf import PdfReader
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph

from dv_forum.reports.marking import Marking, build_pdf, build_pdf_bytes


def _story(pages):
    style = getSampleStyleSheet()["Normal"]
    story = []
    for n in range(pages):
        story += [Paragraph(f"Body {n}", style), PageBreak()]
    return story[:-1]


def test_every_page_marked_top_and_bottom_with_page_x_of_y():
    data = build_pdf_bytes(_story(3), Marking(copy_line="Copy 2 of 5"), title="T")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 3
    for n, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert text.count("OFFICIAL-SENSITIVE") == 2
        assert f"Page {n} of 3" in text
        assert "Copy 2 of 5" in text
    assert reader.metadata.author == "dv-forum"


def test_build_pdf_writes_atomically(tmp_path):
    target = tmp_path / "r.pdf"
    build_pdf(target, _story(1), Marking(text="OFFICIAL"))
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]
