import json

from tests.stats.stats_helpers import meeting, referral


def _seed(conn):
    meeting(conn, "2025-10-08")
    meeting(conn, "2025-11-05")
    for i in range(12):
        referral(
            conn,
            "2025-09-20",
            f"V{i}",
            heard_date="2025-10-08",
            is_repeat=int(i < 3),
            referring_agency="Police" if i % 2 else "IDVA",
            area="Greenhill" if i < 9 else "Measham",
        )
    for i in range(6):
        referral(
            conn,
            "2025-10-20",
            f"W{i}",
            heard_date="2025-11-05",
            victim_gender="M" if i == 0 else "F",
            victim_age=17 if i == 1 else 30,
            children=2,
        )


def test_repeat_json_and_text(vault, cli):
    _seed(vault.conn)
    code, out, err = cli("stats", "repeat", "--from", "2025-04-01", "--to", "2026-03-31", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["basis"] == "heard"
    assert [p["label"] for p in data["periods"]] == [
        "2025/26 Q1",
        "2025/26 Q2",
        "2025/26 Q3",
        "2025/26 Q4",
    ]
    q3 = data["periods"][2]
    assert (q3["cases"], q3["repeats"], q3["rate"]) == (18, 3, 16.7)
    assert data["total"]["start"] == "2025-04-01" and data["total"]["cases"] == 18
    assert set(data["rules"]) >= {
        "repeat_unit",
        "repeat_window_months",
        "basis",
        "display",
        "suppress_small",
    }
    code, out, err = cli("stats", "repeat", "--from", "2025-04-01", "--to", "2026-03-31")
    assert code == 0
    assert "<5" in out and "*" in out  # 3 repeats suppressed in text, with their rate
    assert "Denominator: cases heard" in out


def test_referred_basis_and_bad_range(vault, cli):
    _seed(vault.conn)
    code, out, _ = cli(
        "stats",
        "repeat",
        "--from",
        "2025-09-01",
        "--to",
        "2025-09-30",
        "--by",
        "month",
        "--basis",
        "referred",
        "--json",
    )
    assert json.loads(out)["periods"][0]["cases"] == 12
    code, _, err = cli("stats", "repeat", "--from", "2025-09-30", "--to", "2025-09-01")
    assert code == 1 and "before" in err


def test_return_json_and_csv(vault, cli, tmp_path):
    _seed(vault.conn)
    out_csv = tmp_path / "ret.csv"
    code, out, err = cli("stats", "return", "--quarter", "2025-Q3", "--json", "--csv", str(out_csv))
    assert code == 0, err
    data = json.loads(out)
    assert [m["label"] for m in data["meetings"]] == ["2025-10-08", "2025-11-05"]
    total = data["total"]
    assert total["cases"] == 18 and total["repeats"] == 3 and total["children"] == 12
    assert total["male_victims"] == 1 and total["victims_16_17"] == 1
    assert total["partner_agency"] == 6 and total["partner_agency_pct"] == 33.3
    assert total["by_referring_agency"] == {"Police": 12, "IDVA": 6}
    text = out_csv.read_text("utf-8-sig")
    # What is submitted holds exact counts: 3 repeats is 3, not "<5".
    assert "<5" not in text and "Repeat cases,3,0,3" in text and "Cases discussed" in text
    code, out, err = cli("stats", "return", "--quarter", "2025-Q3", "--publish", "--csv", str(out_csv))
    assert code == 0, err
    assert "For publication" in out and "Repeat cases" in out and "<5" in out
    assert "<5" in out_csv.read_text("utf-8-sig")


def test_report_strategy_writes_marked_pdf(vault, cli, tmp_path):
    _seed(vault.conn)
    out = tmp_path / "r.pdf"
    code, _, err = cli(
        "report", "strategy", "--quarter", "2025-Q3", "--out", str(out), "--copy", "Copy 1 of 3"
    )
    assert code == 0, err
    from pypdf import PdfReader

    reader = PdfReader(out)
    n = len(reader.pages)
    for i, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert text.count("OFFICIAL-SENSITIVE") == 2 and f"Page {i} of {n}" in text
    actions = [r[0] for r in vault.conn.execute("SELECT action FROM audit")]
    assert "stats.report" in actions


def test_import_incidents_cli(vault, cli, tmp_path):
    f = tmp_path / "inc.csv"
    f.write_text("month,count\n2025-04,80\n2025-05,91\n2024-04,70\n2024-05,100\n")
    code, out, err = cli("import", "incidents", str(f))
    assert code == 0, err
    code, out, _ = cli("stats", "incidents", "--from", "2025-04-01", "--to", "2025-05-31", "--json")
    data = json.loads(out)
    assert data["total"]["count"] == 171 and data["total"]["same_period_last_year"] == 170
    assert data["total"]["change"] == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("month,count\n2025-13,5\n")
    code, _, err = cli("import", "incidents", str(bad))
    assert code == 1 and "row 2, column month" in err
