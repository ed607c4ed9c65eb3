"""Initial schema: people, cohorts, memberships, exercises, attempts, comments, score overrides.

Sign-in (issue 6) slots in without a schema change: ``people.password_hash`` is nullable, people
carry a role, and cohorts have a nullable ``join_code``.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SCORE_DIMENSIONS = ("overall", "pace", "fillers", "pauses", "variety", "clarity", "messages", "public", "timing")


def _created_at() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=True),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
    )
    op.create_table(
        "cohorts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("join_code", sa.String(64), nullable=True),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name="pk_cohorts"),
        sa.UniqueConstraint("code", name="uq_cohorts_code"),
        sa.UniqueConstraint("join_code", name="uq_cohorts_join_code"),
    )
    op.create_table(
        "memberships",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        _created_at(),
        sa.PrimaryKeyConstraint("person_id", "cohort_id", name="pk_memberships"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name="fk_memberships_person_id_people",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], name="fk_memberships_cohort_id_cohorts",
                                ondelete="CASCADE"),
        sa.UniqueConstraint("cohort_id", "name_key", name="uq_memberships_cohort_id_name_key"),
    )
    op.create_table(
        "exercises",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("id", "version", name="pk_exercises"),
    )
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(100), nullable=True),
        sa.Column("exercise_version", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(10), nullable=False),
        sa.Column("key_messages", sa.JSON(), nullable=False),
        sa.Column("audio_sha256", sa.String(64), nullable=True),
        sa.Column("audio_suffix", sa.String(13), nullable=False),
        sa.Column("transcript", sa.Text(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        *(sa.Column(f"score_{d}", sa.Float(), nullable=True) for d in SCORE_DIMENSIONS),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("analysis_version", sa.String(20), nullable=False),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name="pk_attempts"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name="fk_attempts_person_id_people",
                                ondelete="CASCADE"),
    )
    op.create_index("ix_attempts_person_id_created_at", "attempts", ["person_id", "created_at"])
    op.create_index("ix_attempts_exercise_id", "attempts", ["exercise_id"])
    op.create_index("ix_attempts_audio_sha256", "attempts", ["audio_sha256"])
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("at_s", sa.Float(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name="pk_comments"),
        sa.ForeignKeyConstraint(["attempt_id"], ["attempts.id"], name="fk_comments_attempt_id_attempts",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["people.id"], name="fk_comments_author_id_people",
                                ondelete="CASCADE"),
    )
    op.create_index("ix_comments_attempt_id", "comments", ["attempt_id"])
    op.create_table(
        "score_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(20), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        _created_at(),
        sa.PrimaryKeyConstraint("id", name="pk_score_overrides"),
        sa.ForeignKeyConstraint(["attempt_id"], ["attempts.id"], name="fk_score_overrides_attempt_id_attempts",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["people.id"], name="fk_score_overrides_author_id_people",
                                ondelete="CASCADE"),
    )
    op.create_index("ix_score_overrides_attempt_id", "score_overrides", ["attempt_id"])


def downgrade() -> None:
    for table in ("score_overrides", "comments", "attempts", "exercises", "memberships", "cohorts", "people"):
        op.drop_table(table)
