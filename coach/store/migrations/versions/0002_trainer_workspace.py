"""Trainer workspace: sign-in logins, account switch, review state on attempts, assignments, and a
covering index for the cohort dashboard.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-15
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SCORE_DIMENSIONS = ("overall", "pace", "fillers", "pauses", "variety", "clarity", "messages", "public", "timing")


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("login", sa.String(100), nullable=True))
        batch.add_column(sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False))
        batch.create_unique_constraint("uq_people_login", ["login"])
    # Attempts saved before sign-in existed join the review queue as pending.
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("review_state", sa.String(20), server_default="pending", nullable=False))
        batch.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("reviewed_by", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_attempts_reviewed_by_people", "people", ["reviewed_by"], ["id"],
                                 ondelete="SET NULL")
        batch.create_index("ix_attempts_review_state_created_at", ["review_state", "created_at"])
        # The dashboard's covering index replaces (person_id, created_at), its prefix.
        batch.drop_index("ix_attempts_person_id_created_at")
        batch.create_index("ix_attempts_dashboard", ["person_id", "created_at", "id", "exercise_id", "language",
                                                     *(f"score_{d}" for d in SCORE_DIMENSIONS)])
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(100), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_assignments"),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], name="fk_assignments_cohort_id_cohorts",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["people.id"], name="fk_assignments_author_id_people",
                                ondelete="SET NULL"),
    )
    op.create_index("ix_assignments_cohort_id_due_at", "assignments", ["cohort_id", "due_at"])


def downgrade() -> None:
    op.drop_table("assignments")
    with op.batch_alter_table("attempts") as batch:
        batch.drop_index("ix_attempts_review_state_created_at")
        batch.drop_index("ix_attempts_dashboard")
        batch.create_index("ix_attempts_person_id_created_at", ["person_id", "created_at"])
        batch.drop_constraint("fk_attempts_reviewed_by_people", type_="foreignkey")
        batch.drop_column("reviewed_by")
        batch.drop_column("reviewed_at")
        batch.drop_column("review_state")
    with op.batch_alter_table("people") as batch:
        batch.drop_constraint("uq_people_login", type_="unique")
        batch.drop_column("active")
        batch.drop_column("login")
