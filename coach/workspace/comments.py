"""Changing a trainer's comment after saving it: only its author (or an admin) may edit or delete it.

A co-trainer of the same cohort may comment on the attempt too (:func:`coach.workspace.operations.comment`),
but not put words in a colleague's mouth. An edit replaces the text (the moment, author and time stay);
a delete removes the comment for good. Reviewing the attempt must still be allowed: a trainer who left the
cohort can no longer change what they wrote there.
"""

from __future__ import annotations

from typing import Any

from ..errors import PermissionDeniedError
from ..store.types import Comment
from .auth import Principal, attempt_resource, require

__all__ = ["can_change", "delete_comment", "edit_comment"]


def can_change(who: Principal | None, comment: Comment) -> bool:
    """Whether ``who`` may edit or delete ``comment`` (given they may review its attempt)."""
    return who is not None and who.active and (who.role == "admin" or who.id == comment.author_id)


def _changeable(store: Any, who: Principal, comment_id: int) -> Comment:
    comment = store.get_comment(comment_id)
    require(who, "review", attempt_resource(store, comment.attempt_id))
    if not can_change(who, comment):
        raise PermissionDeniedError(f"{who.name} ({who.role}) may not change a comment by {comment.author_name}: "
                                    "only its author or an admin can.")
    return comment


def edit_comment(store: Any, who: Principal, comment_id: int, text: str) -> None:
    """Replace the text of the signed-in trainer's own comment."""
    _changeable(store, who, comment_id)
    store.edit_comment(comment_id, text=text)


def delete_comment(store: Any, who: Principal, comment_id: int) -> None:
    """Delete the signed-in trainer's own comment."""
    _changeable(store, who, comment_id)
    store.delete_comment(comment_id)
