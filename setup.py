"""Compiles the interface catalogs (coach/i18n/locale/*/LC_MESSAGES/wicara.po) into .mo files when a wheel is
built, so `pip install .` installs them compiled; everything else is in pyproject.toml."""

from __future__ import annotations

import io
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithCatalogs(build_py):
    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted(Path("coach/i18n/locale").glob("*/LC_MESSAGES/wicara.po")):
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=po.parent.parent.name, domain="wicara")
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            target = Path(self.build_lib) / po.with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(buffer.getvalue())


setup(cmdclass={"build_py": BuildPyWithCatalogs})
