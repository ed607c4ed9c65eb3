"""Alembic environment for Wicara's schema.

Run by :class:`coach.store.database.Store` at start, which passes an open connection (already inside a
transaction) through ``config.attributes["connection"]``; no alembic.ini is involved. To write a
new migration by hand, copy ``versions/0001_initial.py``; to check a draft against the models,
compare with ``alembic.autogenerate.compare_metadata`` (as tests/test_store.py does).
"""

from __future__ import annotations

from alembic import context

from coach.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Wicara's migrations run through coach.store.database.Store, which passes a connection; "
                       "there is no alembic.ini to run them from the command line.")

context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")  # SQLite cannot ALTER most things
with context.begin_transaction():
    context.run_migrations()
