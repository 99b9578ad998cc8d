"""The contract every screen follows, so the shell can lock, clear and refresh them alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from dv_forum.areas import Area
from dv_forum.vault.roles import Perm, allowed
from ui.widgets.drafts import panels_draft, restore_panels

if TYPE_CHECKING:
    from dv_forum.vault import Vault

T = TypeVar("T")

# What a role needs to see each screen (the core refuses the rest anyway); screens not listed
# are open to every role and limit themselves (Home, Settings).
SCREEN_PERMS: dict[str, Perm] = {
    "cases": Perm.VIEW_CASES,
    "marac": Perm.VIEW_MEETINGS,
    "freedom": Perm.VIEW_FREEDOM,
    "outreach": Perm.VIEW_OWN_OUTREACH,
    "stats": Perm.VIEW_STATS,
    "audit": Perm.VIEW_AUDIT,
    "exchange": Perm.EXCHANGE,
}

# The screens each kind of vault has (dv_forum.exchange.devices.kind): a vault holds only what its
# person's role may read, so an outreach worker's or a chair's vault has no referrals, no Cases and
# no Statistics, whatever the signed-in role may do elsewhere. None: every screen.
KIND_SCREENS: dict[str, frozenset[str] | None] = {
    "coordinator": None,
    "outreach": frozenset({"home", "outreach", "freedom", "exchange", "settings"}),
    "chair": frozenset({"marac", "exchange", "settings"}),
}


def can_view(role: str, key: str, kind: str = "coordinator") -> bool:
    """Whether a signed-in role may open the screen with this nav key in a vault of this kind.
    The Exchange screen is the vault owner's: a coordinator's in a coordinator's vault, the
    worker's in her own (not an outreach user of a shared coordinator's vault)."""
    screens = KIND_SCREENS.get(kind, frozenset())
    if screens is not None and key not in screens:
        return False
    if key == "exchange" and role != kind:
        return False
    perm = SCREEN_PERMS.get(key)
    if perm is None:
        return True
    try:
        return allowed(role, perm)
    except ValueError:  # an unknown role sees nothing it needs a permission for
        return False


class AppContext(Protocol):
    """What a screen may ask of the application shell."""

    user_name: str
    role: str  # dv_forum.vault.Role value
    kind: str  # the vault's kind: coordinator, outreach or chair (see KIND_SCREENS)

    def run(
        self,
        fn: Callable[[Vault], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        changes: Iterable[Area] = (),
    ) -> None:
        """Run fn(vault) on the single database worker thread; callbacks come back on the GUI
        thread. ``changes`` names the areas the operation modifies (Area.CASES, ...), and a result
        of type dv_forum.areas.Changed adds the areas the core reports; after success every
        screen's ``on_changed`` is called with them. A database failure the user can act on
        arrives as its UserError; default on_error shows it (or a bug report) through ui.dialogs."""

    def run_pool(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run slow work that needs no database (PDF rendering, keyring) off the GUI thread."""

    def copy_secret(self, text: str) -> None:
        """Copy text such as a case reference: marked concealed for clipboard managers and
        cleared after 30 s if still on the clipboard (and on lock or quick exit)."""

    def navigate(self, nav_key: str, view: str = "") -> None:
        """Show another screen by its nav_key ("cases", "marac", ...), at its list ``view``."""


class Screen(QWidget):
    """A page in the main window. Subclasses set ``title`` and ``nav_key``."""

    def show_view(self, view: str) -> None:
        """Bring forward the list called ``view`` (Home's buttons open the list they count); a
        screen with one list has nothing to do."""

    title = "Screen"
    nav_key = "screen"
    # The areas whose change makes this screen reload (see dv_forum.areas); every screen that
    # shows something a setting decides includes Area.SETTINGS.
    reloads_on: ClassVar[frozenset[Area]] = frozenset()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAccessibleName(self.title)

    def on_unlocked(self) -> None:
        """The vault is open (again): load what the screen shows through ctx.run."""

    def on_changed(self, areas: frozenset[Area]) -> None:
        """An operation changed these areas: reload if the screen shows any of them."""
        if self.reloads_on & areas:
            self.reload()

    def reload(self) -> None:
        """Load again what the screen shows (through ctx.run)."""

    def clear(self) -> None:
        """The vault is locking: drop every piece of case data from models and widgets."""

    def forms(self) -> dict[str, Any]:
        """The screen's forms by a stable name: panels with ``leave_ok()``, ``draft()`` and
        ``restore(content)``. The three methods below serve every screen from these."""
        return {}

    def leave_ok(self) -> bool:
        """The user is moving to another screen: a screen with unsaved input asks first."""
        return all(form.leave_ok() for form in self.forms().values())  # stops at the first Cancel

    def draft(self) -> dict[str, Any] | None:
        """Unsaved input to keep inside the vault when it locks (None: nothing typed)."""
        return panels_draft(self.forms())

    def restore_draft(self, content: dict[str, Any]) -> None:
        """Put a kept draft back into the screen's forms."""
        restore_panels(self.forms(), content)


def no_access_text(title: str, role: str, kind: str) -> str:
    if kind != "coordinator":
        whose = "an outreach worker's" if kind == "outreach" else f"the {kind}'s"
        return (
            f"{title} is not kept in {whose} vault: it holds only what the {kind} role may "
            "read, so nothing is shown here.\n\nWhat the coordinator sends arrives through Exchange."
        )
    return (
        f"{title} is not part of the {role} role, so nothing is shown here.\n\n"
        "If you need it for your work, ask the DV coordinator to change your role."
    )


class NoAccessScreen(Screen):
    """Shown instead of a screen the signed-in role may not use: a plain explanation, no data
    and no database work (so no permission errors)."""

    def __init__(self, ctx: AppContext, title: str, nav_key: str, parent: QWidget | None = None):
        self.title = title
        self.nav_key = nav_key
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("screenTitle")
        layout.addWidget(heading)
        self.message = QLabel(no_access_text(title, ctx.role, ctx.kind))
        self.message.setObjectName("emptyState")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)
