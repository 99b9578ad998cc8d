"""`dv-forum self-test`: prove that this installation works, without touching any real vault.

Everything happens in a fresh temporary folder that is removed afterwards: create a vault with the
floor KDF, reopen it, load the DASH checklists, write and read back a synthetic referral through the
cases service, render a MARAC pack PDF in memory, check SQLCipher, say which keyring backend would be
used, and check the program's resources are found. It is the smoke test run on every built bundle (packaging/build) and by users who want to
check an installation. Only synthetic data is used, and nothing is logged.
"""

from __future__ import annotations

import importlib
import importlib.util
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from dv_forum import __version__, paths

SELFTEST_USER = "selftest"
SELFTEST_PASSPHRASE = "self test passphrase for a throwaway vault"  # noqa: S105 - synthetic, deleted
SELFTEST_REF = "SELFTEST-0001"
MARKING = "OFFICIAL-SENSITIVE"

# The keyring backend module each platform needs in the bundle (a hidden import for PyInstaller).
PLATFORM_KEYRING = {
    "linux": "keyring.backends.SecretService",
    "win32": "keyring.backends.Windows",
    "darwin": "keyring.backends.macOS",
}


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    seconds: float = 0.0


@dataclass
class Report:
    version: str = __version__
    frozen: bool = False
    python: str = ""
    platform: str = ""
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        return data

    def as_text(self) -> str:
        lines = [
            f"dv-forum {self.version} self-test ({'installed bundle' if self.frozen else 'from source'}, "
            f"Python {self.python}, {self.platform})"
        ]
        width = max((len(c.name) for c in self.checks), default=0)
        for c in self.checks:
            mark = "ok  " if c.ok else "FAIL"
            lines.append(f"  {mark}  {c.name:<{width}}  {c.detail}  ({c.seconds:.2f} s)")
        lines.append(
            "All checks passed." if self.ok else "Some checks FAILED: this installation is not usable."
        )
        return "\n".join(lines)


@dataclass
class _State:
    folder: Path
    vault: Any = None  # dv_forum.vault.Vault once created
    referral_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# ----- the checks: each returns a one-line detail or raises -----


def check_resources(state: _State) -> str:
    folder = paths.resources_dir()
    if not folder.is_dir():
        raise FileNotFoundError(f"resources folder not found at {folder}")
    icon = folder / "icons" / "dv-forum.svg"
    if not icon.is_file():
        raise FileNotFoundError(f"the application icon is missing from {icon.parent}")
    from dv_forum.cases import dash
    from dv_forum.vault.migrations import AREA_FILES

    found = ["icon"]
    # The program reads its DASH checklists from resources: they must be there and load.
    if not sorted((folder / "dash").glob("*.json")):
        raise FileNotFoundError(f"no DASH instruments in {folder / 'dash'}")
    found.append(f"{len(dash.instruments())} DASH instruments loaded")

    schema = [n for n in AREA_FILES if _schema_text(n)]
    found.append(f"{len(schema)} schema files")
    return f"{folder}: " + ", ".join(found)


def _schema_text(name: str) -> str:
    from importlib import resources

    return resources.files("dv_forum.vault").joinpath("schema", "v1", f"{name}.sql").read_text("utf-8")


def check_sqlcipher(state: _State) -> str:
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    try:
        row = conn.execute("PRAGMA cipher_version").fetchone()
        provider = conn.execute("PRAGMA cipher_provider").fetchone()
        sqlite = conn.execute("SELECT sqlite_version()").fetchone()
    finally:
        conn.close()
    if not row or not row[0]:
        raise RuntimeError("the sqlite library is not SQLCipher (no cipher_version)")
    crypto = f", {provider[0]}" if provider and provider[0] else ""
    return f"SQLCipher {row[0]}{crypto}, SQLite {sqlite[0]}"


def check_dash(state: _State) -> str:
    """The DASH checklists load from resources, and the default one scores a full answer set."""
    from dv_forum.cases import dash

    found = dash.instruments()
    if dash.DEFAULT_INSTRUMENT not in found:
        raise RuntimeError(f"the default DASH instrument {dash.DEFAULT_INSTRUMENT} is missing")
    for inst in found.values():
        if not inst.questions:
            raise RuntimeError(f"the DASH instrument {inst.id} has no questions")
        answers = dict.fromkeys(inst.question_ids, "yes")
        if dash.validate_answers(inst, answers) or dash.score(answers) != len(inst.questions):
            raise RuntimeError(f"the DASH instrument {inst.id} does not score a full answer set")
    sizes = ", ".join(f"{i.id} v{i.version} ({len(i.questions)} questions)" for i in found.values())
    return f"{len(found)} instruments: {sizes}"


def check_vault(state: _State) -> str:
    from dv_forum.vault import KdfParams, Vault

    kdf = KdfParams()
    vault, recovery = Vault.create(state.folder, SELFTEST_USER, SELFTEST_PASSPHRASE, kdf=kdf)
    vault.close()
    if not recovery:
        raise RuntimeError("no recovery key was produced")
    state.vault = Vault.open(state.folder, SELFTEST_USER, SELFTEST_PASSPHRASE)
    problems = _integrity(state.vault)
    if problems:
        raise RuntimeError(f"{len(problems)} integrity problems in a new vault")
    return f"created, locked and unlocked (Argon2id {kdf.memory_kib // 1024} MiB, t={kdf.iterations})"


def _integrity(vault: Any) -> list[str]:
    from dv_forum.vault.db import integrity_problems

    return integrity_problems(vault.conn, full=True)


def check_referral(state: _State) -> str:
    """Write and read a referral through the cases area's service (identity keyed, DASH scored)."""
    from dv_forum.cases import dash, referrals
    from dv_forum.cases.linkage import Identity

    if state.vault is None:
        raise RuntimeError("no vault to write to (the vault check failed)")
    vault = state.vault
    inst = dash.instrument(dash.DEFAULT_INSTRUMENT)
    answers = {q: ("yes" if i < 15 else "no") for i, q in enumerate(inst.question_ids)}
    victim = Identity("Selftest", "Synthetic", "01/01/1970", "SELFTEST-V")  # synthetic, deleted
    raw = {"case_ref": SELFTEST_REF, "referral_date": "2026-01-05", "victim_initials": "ST"}
    ref = referrals.create(vault, raw, victim, Identity(source_id="SELFTEST-P"), answers)
    case = referrals.get(vault, ref)
    got = (case["case_ref"], case["referral_date"], case["dash_score"], case["risk_band"])
    if got != (SELFTEST_REF, "2026-01-05", 15, "high"):
        raise RuntimeError("the referral read back differs from the one written")
    row = vault.conn.execute("SELECT id FROM referrals WHERE case_ref = ?", (ref,)).fetchone()
    state.referral_id = int(row[0])
    return f"written and read back through the cases service ({inst.id} answers scored 15, high risk)"


def check_pdf(state: _State) -> str:
    """Render a MARAC pack for a meeting with the self-test referral on its agenda, check its
    marking, and open an AES-256 protected copy (pypdf and cryptography must both be present)."""
    from dv_forum.marac import agenda, meetings
    from dv_forum.reports import pack, pdf_encrypt

    if state.vault is None or state.referral_id is None:
        raise RuntimeError("no referral to put on a meeting's agenda (an earlier check failed)")
    meeting = meetings.add_meeting(state.vault, "2026-01-12", venue="Self-test room", chair="Self-test")
    agenda.add_cases(state.vault, meeting.id, [state.referral_id])
    data = bytes(pack.render_pack(state.vault, meeting.id, purpose="selftest").data)
    detail = f"MARAC pack for a meeting with one case: {_verify_pdf(data)}"
    password = pdf_encrypt.generate_password()
    _verify_pdf(pdf_encrypt.encrypt_aes256(data, password), password)
    return detail + "; AES-256 copy opened with its password"


def marked_test_pdf() -> bytes:
    """A small marked PDF made without a vault (the desktop self-test previews and prints it)."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    buf = io.BytesIO()

    def mark(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica-Bold", 10)
        width, height = A4
        canvas.drawCentredString(width / 2, height - 30, MARKING)
        canvas.drawCentredString(width / 2, 20, MARKING)
        canvas.restoreState()

    doc = SimpleDocTemplate(buf, pagesize=A4, title="dv-forum self-test", author="dv-forum")
    story = [
        Paragraph("MARAC pack (self-test)", styles["Title"]),
        Paragraph(f"Case {SELFTEST_REF}: synthetic referral, DASH score 15, high risk.", styles["Normal"]),
    ]
    doc.build(story, onFirstPage=mark, onLaterPages=mark)
    return buf.getvalue()


def _verify_pdf(data: bytes, password: str | None = None) -> str:
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise RuntimeError("the renderer did not produce a complete PDF")
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if password is not None and not reader.decrypt(password):
        raise RuntimeError("the encrypted PDF does not open with its password")
    text = "".join(page.extract_text() or "" for page in reader.pages)
    if MARKING not in text:
        raise RuntimeError(f"the PDF does not carry the {MARKING} marking")
    return f"{len(reader.pages)} page(s), {len(data) // 1024} KiB, marked {MARKING}"


def check_keyring(state: _State) -> str:
    from dv_forum.vault import keyring_slot

    needed = PLATFORM_KEYRING.get(sys.platform)
    if needed is not None:
        importlib.import_module(needed)  # proves the platform backend is in the bundle
        # keyring finds its backends through entry points in its package metadata, which a
        # bundle must carry too, or every lookup silently falls back to "no keyring".
        from importlib.metadata import entry_points

        registered = {ep.value.split(":")[0] for ep in entry_points(group="keyring.backends")}
        if needed not in registered:
            raise RuntimeError(f"{needed} is not registered (keyring's package metadata is missing)")
    if paths.is_frozen() and importlib.util.find_spec("keyrings") is not None:
        raise RuntimeError("keyrings.alt (plaintext backends) must not be in the bundle")
    status = keyring_slot.availability()
    if status.available:
        return f"would use {status.backend}"
    return f"no secure keyring here ({status.backend}): 'remember on this device' will be disabled"


STEPS: list[tuple[str, Callable[[_State], str]]] = [
    ("resources", check_resources),
    ("sqlcipher", check_sqlcipher),
    ("dash", check_dash),
    ("vault", check_vault),
    ("referral", check_referral),
    ("pdf", check_pdf),
    ("keyring", check_keyring),
]


def run_selftest() -> Report:
    """Run every check in a temporary folder that is removed afterwards."""
    report = Report(
        frozen=paths.is_frozen(),
        python=platform.python_version(),
        platform=f"{platform.system()} {platform.machine()}",
    )
    with tempfile.TemporaryDirectory(prefix="dv-forum-selftest-") as tmp:
        state = _State(folder=Path(tmp) / "vault")
        try:
            for name, step in STEPS:
                started = time.perf_counter()
                try:
                    detail, ok = step(state), True
                except Exception as exc:  # noqa: BLE001 - every failure is reported, none escapes
                    detail, ok = f"{type(exc).__name__}: {exc}", False
                report.checks.append(Check(name, ok, detail, round(time.perf_counter() - started, 3)))
        finally:
            if state.vault is not None:
                state.vault.close()
                # The throwaway vault leaves no record in the config folder.
                from dv_forum.vault.anchors import anchor_path

                anchor_path(state.vault.header.vault_id, state.folder).unlink(missing_ok=True)
    return report
