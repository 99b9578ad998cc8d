"""Screenshots for setting up another district: the first-run wizard's partnership page and the
import's mapping table, on synthetic data only (needs Xvfb):

    xvfb-run -a -s "-screen 0 1366x768x24" python tools/district_screenshots.py docs/screenshots
"""

from __future__ import annotations

from capture import output_folder, pump, save, scratch_folder, styled_app

from ui.wizard import FirstRunWizard


class _NoServices:
    def create_vault(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("the screenshot never creates a vault")

    def keyring_availability(self, on_done: object) -> None:
        pass


def main() -> None:
    out = output_folder()
    _app = styled_app()
    with scratch_folder("dvf-district-") as tmp:
        wizard = FirstRunWizard(tmp / "vault", _NoServices())
        wizard.resize(760, 560)
        wizard.show()
        wizard.next()
        page = wizard.partnership
        page.partnership.setText("Anytown Community Safety Partnership")
        page.marac_name.setText("Anytown MARAC")
        page.prefix.setText("ANY")
        page.population.setValue(51200)
        page.localities.setPlainText("Ashby de la Zouch\nNorthgate\nEastfield\nHarbour ward")
        pump(500)
        save(wizard.grab(), out / "first-run-partnership.png")
        wizard.hide()


if __name__ == "__main__":
    main()
