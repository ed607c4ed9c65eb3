"""``python -m coach.i18n``: compile every interface catalog (.po -> .mo); ``make i18n`` and install run it."""

from .catalogs import main

main()
