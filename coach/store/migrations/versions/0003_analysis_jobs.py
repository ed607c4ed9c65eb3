"""Durable analysis jobs: an attempt is saved `queued` before it is analysed; the worker's state,
heartbeat and progress live on its row.

Attempts made before this revision were analysed before they were saved: they become `done`.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_DASHBOARD = ("person_id", "created_at", "id", "exercise_id", "language",
              *(f"score_{d}" for d in ("overall", "pace", "fillers", "pauses", "variety", "clarity", "messages",
                                       "public", "timing")))
_WHEN = sa.DateTime(timezone=True)
_COLUMNS = (
    ("status", sa.String(10), {"server_default": "done", "nullable": False}),
    ("job_kind", sa.String(20), {}),
    ("priority", sa.Integer(), {"server_default": "0", "nullable": False}),
    ("job_options", sa.JSON(), {}),
    ("stage", sa.String(20), {}),
    ("progress_done", sa.Float(), {}),
    ("progress_total", sa.Float(), {}),
    ("claim", sa.String(36), {}),
    ("deliveries", sa.Integer(), {"server_default": "0", "nullable": False}),
    ("enqueued_at", _WHEN, {}),
    ("started_at", _WHEN, {}),
    ("heartbeat_at", _WHEN, {}),
    ("finished_at", _WHEN, {}),
    ("error_code", sa.String(40), {}),
    ("error_message", sa.Text(), {}),
)


def upgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        for name, type_, options in _COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=options.get("nullable", True),
                                       server_default=options.get("server_default")))
        batch.create_index("ix_attempts_status_priority_id", ["status", "priority", "id"])
        # The dashboard counts only analysed attempts: status joins its covering index.
        batch.drop_index("ix_attempts_dashboard")
        batch.create_index("ix_attempts_dashboard", [*_DASHBOARD, "status"])


def downgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.drop_index("ix_attempts_status_priority_id")
        batch.drop_index("ix_attempts_dashboard")
        batch.create_index("ix_attempts_dashboard", list(_DASHBOARD))
        for name, _, _ in reversed(_COLUMNS):
            batch.drop_column(name)
