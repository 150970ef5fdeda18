"""Recording staff actions in the audit log (flush only; the request commits)."""

from flask_login import current_user

from participation.extensions import db
from participation.staff.models import AuditEvent


def record(action: str, obj=None, actor_id: int | None = None, **details) -> AuditEvent:
    """Add an audit event for the current staff member (or `actor_id`) about `obj`."""
    if actor_id is None and getattr(current_user, "is_authenticated", False):
        actor_id = current_user.id
    event = AuditEvent(
        actor_id=actor_id,
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "id", "")) if obj is not None else "",
        details={key: value for key, value in details.items() if value is not None},
    )
    db.session.add(event)
    return event
