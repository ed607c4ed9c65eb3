"""Assignments for chosen participants: ``assignment_targets`` (assignment_id, person_id). An assignment
with no row there is for the whole cohort, so every existing assignment keeps that meaning.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assignment_targets",
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("assignment_id", "person_id", name="pk_assignment_targets"),
        sa.ForeignKeyConstraint(["assignment_id"], ["assignments.id"],
                                name="fk_assignment_targets_assignment_id_assignments", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name="fk_assignment_targets_person_id_people",
                                ondelete="CASCADE"),
    )
    op.create_index("ix_assignment_targets_person_id", "assignment_targets", ["person_id"])


def downgrade() -> None:
    op.drop_index("ix_assignment_targets_person_id", table_name="assignment_targets")
    op.drop_table("assignment_targets")
