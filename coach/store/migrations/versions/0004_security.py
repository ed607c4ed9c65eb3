"""Security: attempts carry their cohort, sign-in throttling and browser sessions live in the database.

Attempts made before this revision get the cohort of their owner when the owner takes part in
exactly one cohort as a participant; others stay without one (only their owner and admins see them).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_WHEN = sa.DateTime(timezone=True)
_DASHBOARD = ["person_id", "created_at", "id", "exercise_id", "language",
              *(f"score_{d}" for d in ("overall", "pace", "fillers", "pauses", "variety", "clarity", "messages",
                                       "public", "timing"))]


def upgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("cohort_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_attempts_cohort_id_cohorts", "cohorts", ["cohort_id"], ["id"],
                                 ondelete="SET NULL")
        batch.create_index("ix_attempts_cohort_id_created_at", ["cohort_id", "created_at"])
        # The dashboard now asks for the cohort an attempt was made for: its covering index holds it.
        batch.drop_index("ix_attempts_dashboard")
        batch.create_index("ix_attempts_dashboard", [*_DASHBOARD, "status", "cohort_id"])
    op.execute("""
        UPDATE attempts SET cohort_id = (
            SELECT MIN(m.cohort_id) FROM memberships m
            WHERE m.person_id = attempts.person_id AND m.role = 'participant')
        WHERE (SELECT COUNT(*) FROM memberships m
               WHERE m.person_id = attempts.person_id AND m.role = 'participant') = 1
    """)
    op.create_table(
        "signin_throttle",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", _WHEN, nullable=False),
        sa.Column("blocked_until", _WHEN, nullable=True),
        sa.PrimaryKeyConstraint("key", name="pk_signin_throttle"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("secret_sha256", sa.String(64), nullable=True),
        sa.Column("handoff_sha256", sa.String(64), nullable=True),
        sa.Column("expires_at", _WHEN, nullable=False),
        sa.Column("revoked_at", _WHEN, nullable=True),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name="fk_sessions_person_id_people", ondelete="CASCADE"),
        sa.UniqueConstraint("handoff_sha256", name="uq_sessions_handoff_sha256"),
    )
    op.create_index("ix_sessions_person_id", "sessions", ["person_id"])


def downgrade() -> None:
    op.drop_table("sessions")
    op.drop_table("signin_throttle")
    with op.batch_alter_table("attempts") as batch:
        batch.drop_index("ix_attempts_cohort_id_created_at")
        batch.drop_index("ix_attempts_dashboard")
        batch.create_index("ix_attempts_dashboard", [*_DASHBOARD, "status"])
        batch.drop_constraint("fk_attempts_cohort_id_cohorts", type_="foreignkey")
        batch.drop_column("cohort_id")
