import io
import os
import stat

import pytest
from pypdf import PdfReader

from dv_forum.errors import UserError
from dv_forum.marac import meetings
from dv_forum.reports import minutes_pdf, pack, pack_data
from dv_forum.reports.pdf_encrypt import EncryptionCheckFailed, check_aes256, encryption_params
from dv_forum.vault import audit
from tests.marac.conftest import MARKER


def _pages(pdf: bytes, password: str | None = None) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    if password is not None:
        assert reader.decrypt(password)
    return [p.extract_text() for p in reader.pages]


def _positioned(pdf: bytes, password: str | None = None) -> list[list[tuple[float, str]]]:
    """Per page: (y position, text) of every text run, from the content stream."""
    reader = PdfReader(io.BytesIO(pdf))
    if password is not None:
        assert reader.decrypt(password)
    out = []
    for page in reader.pages:
        runs: list[tuple[float, str]] = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                runs.append(((tm[5] * cm[3]) + cm[5], text.strip()))

        page.extract_text(visitor_text=visit)
        out.append(runs)
    return out


def _assert_marked(pdf: bytes, line: str, password: str | None = None) -> None:
    pages = _positioned(pdf, password)
    total = len(pages)
    for n, runs in enumerate(pages, start=1):
        top = max(y for y, _ in runs)
        bottom = min(y for y, _ in runs)
        # The marking is the topmost and the bottommost text on the page.
        assert [t for y, t in runs if y == top] == ["OFFICIAL-SENSITIVE"], (n, top)
        assert [t for y, t in runs if y == bottom] == ["OFFICIAL-SENSITIVE"], (n, bottom)
        texts = [t for _, t in runs]
        assert f"Page {n} of {total}" in texts
        copies = [y for y, t in runs if t == line]
        assert any(y > top - 30 for y in copies) and any(y < bottom + 30 for y in copies), n


def test_chair_copy_every_page_marked(vault, populated):
    got = pack.render_pack(vault, populated["next"].id)
    pages = _pages(got.data)
    assert got.copy_line == "Chair's copy"
    _assert_marked(got.data, "Chair's copy")
    # cover, attendance, outstanding, case list, 5 case pages, lapsed list, 2 blank plans
    assert len(pages) == 4 + 5 + 1 + 2
    text = "\n".join(pages)
    assert "Confidentiality agreement" in text and "Signature" in text
    assert "Flag the address" in text  # carried-forward action in the outstanding list
    assert "Escalating controlling behaviour" in text
    assert "Yes (01/08/2025)" in text  # repeat with the date of the last referral
    assert audit.rows(vault.conn, action="marac.pack.print")[0].detail == "Chair's copy"


def test_recipient_copies_numbered(vault, populated, tmp_path):
    written = pack.write_recipient_packs(vault, populated["next"].id, tmp_path)
    assert [p.name for p, _ in written] == [f"marac-pack-2026-03-12-copy0{i}.pdf" for i in range(1, 5)]
    lines = [r.copy_line for _, r in written]
    # In agency-list order, whatever order attendance was recorded in.
    assert lines == [
        "Copy 1 of 4: Police",
        "Copy 2 of 4: IDVA service",
        "Copy 3 of 4: Health/GP",
        "Copy 4 of 4: Housing",
    ]
    for path, result in written:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        _assert_marked(path.read_bytes(), result.copy_line)
    exports = audit.rows(vault.conn, action="marac.pack.export")
    assert {r.detail for r in exports} == set(lines)
    assert all(r.ref == "2026-03-12" for r in exports)
    assert not list(tmp_path.glob(".tmp-*"))


def test_absent_agency_gets_no_copy(vault, populated, tmp_path):
    with pytest.raises(UserError, match="not recorded as present"):
        pack.write_pack(vault, populated["next"].id, tmp_path / "x.pdf", recipient="Probation")
    assert not (tmp_path / "x.pdf").exists()


def test_no_identity_marker_in_text_raw_bytes_or_metadata(vault, populated, tmp_path):
    raw = pack.render_pack(vault, populated["next"].id, "Housing", compress=False).data
    assert b"NWL-TEST" in raw  # positive control: uncompressed content is searchable
    assert MARKER.encode() not in raw
    assert MARKER not in "\n".join(_pages(raw))
    meta = PdfReader(io.BytesIO(raw)).metadata
    values = " ".join(str(v) for v in meta.values())
    assert "NWL" not in values and "2026" not in values and "coord" not in values
    assert meta.title == "MARAC pack" and meta.author == "dv-forum"
    data = pack_data.load(vault.conn, populated["next"].id)
    minutes = minutes_pdf.minutes_bytes(data, compress=False)
    assert b"NWL-TEST" in minutes and MARKER.encode() not in minutes


def test_encrypted_pack_needs_password_and_is_aes256(vault, populated, tmp_path):
    out = tmp_path / "copy.pdf"
    result = pack.write_pack(vault, populated["next"].id, out, "Police", encrypt=True)
    pdf = out.read_bytes()
    assert result.password and len(result.password) >= 20
    params = encryption_params(pdf)
    assert (params["V"], params["R"], params["CFM"]) == (5, 6, "/AESV3")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.is_encrypted and not reader.decrypt("wrong password")
    with pytest.raises(Exception):  # noqa: B017 - any failure to read without the password
        PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    _assert_marked(pdf, "Copy 1 of 4: Police", result.password)
    assert b"NWL-TEST" not in pdf
    row = audit.rows(vault.conn, action="marac.pack.export")[0]
    assert row.detail == "Copy 1 of 4: Police; AES-256"
    assert result.password not in " ".join(str(r.detail) for r in audit.rows(vault.conn))


def test_weaker_encryption_is_refused(tmp_path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, encrypt=pdfencrypt.StandardEncryption("pw-pw-pw-pw-pw", strength=128))
    c.drawString(100, 100, "x")
    c.save()
    with pytest.raises(EncryptionCheckFailed):
        check_aes256(buf.getvalue(), "pw-pw-pw-pw-pw")
    # ReportLab's own 256-bit mode is revision 5 and needs pyaes: not what we ship.
    try:
        enc = pdfencrypt.StandardEncryption("pw-pw-pw-pw-pw", strength=256)
    except ValueError:
        return
    assert enc.revision == 5


def test_minutes_pdf_marked_and_audited(vault, populated, tmp_path):
    first = populated["first"]
    out = tmp_path / "minutes.pdf"
    minutes_pdf.write_minutes(vault, first.id, out)
    pages = _pages(out.read_bytes())
    _assert_marked(out.read_bytes(), minutes_pdf.MINUTES_COPY)
    assert "DRAFT" in pages[0]
    meetings.approve_minutes(vault, first.id)
    minutes_pdf.write_minutes(vault, first.id, out)
    assert "Approved" in _pages(out.read_bytes())[0]
    assert audit.rows(vault.conn, action="marac.minutes.export")[0].ref == first.date


def test_long_case_list_repeats_header(vault, referral):
    from dv_forum.marac import agenda

    m = meetings.add_meeting(vault, "2026-03-12")
    agenda.add_cases(vault, m.id, [referral("2026-03-01") for _ in range(40)])
    pdf = pack.render_pack(vault, m.id).data
    pages = _pages(pdf)
    list_pages = [p for p in pages[:8] if "Referral criteria" in p and "Case ref" in p]
    assert len(list_pages) >= 2  # the header row repeated on the continuation page
    _assert_marked(pdf, "Chair's copy")


def test_a_case_page_carries_what_the_chair_needs(vault, referral):
    """SafeLives chairing guidance: whether the victim knows of the referral and consents, who the
    perpetrators are (gender, age), the children's ages, why the case was referred, and room to
    write the risk analysis agreed; never the referral's free text."""
    from dv_forum.marac import agenda

    m = meetings.add_meeting(vault, "2026-03-12", "CV-HUB", "DI Chair")
    with vault.transaction():
        perp = vault.conn.execute(
            "INSERT INTO persons (kind, link_key) VALUES ('perpetrator', ?)", (os.urandom(16),)
        ).lastrowid
    rid = referral(
        "2026-03-01",
        perpetrator_id=perp,
        victim_aware=1,
        consent=0,
        perp_gender="M",
        perp_age=34,
        children=2,
        criteria="visible_high_risk",
        pj_reason=f"{MARKER} said so",
    )
    with vault.transaction():
        for position, (age, expected) in enumerate(((7, 0), (None, 1))):
            vault.conn.execute(
                "INSERT INTO case_children (referral_id, position, age, expected, to_victim, to_perpetrator,"
                " social_care) VALUES (?, ?, ?, ?, 'child', 'child', 'no')",
                (rid, position, age, expected),
            )
    agenda.add_cases(vault, m.id, [rid])
    text = " ".join(" ".join(p.split()) for p in _pages(pack.render_pack(vault, m.id).data))
    for said in (
        "Victim aware of referral Yes",
        "Consent to share No",
        "Perpetrator details Male, 34",
        "Children's ages 7, expected",
        "Reason for referral visible high risk",
        "Risk analysis (agreed at the meeting)",
    ):
        assert said in text, said
    assert MARKER not in text
