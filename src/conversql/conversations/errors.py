"""What can go wrong in a conversation, in words safe to show a user. The API maps each to an HTTP status."""
from __future__ import annotations

from conversql.engine.errors import UnknownModel


class ConversationError(Exception):
    """Base: `code` is stable and machine-readable, the message is for people."""
    code = "conversation_error"


class SessionNotFound(ConversationError, LookupError):
    code = "session_not_found"

    def __init__(self, session_id: str):
        super().__init__(f"session {session_id!r} does not exist")
        self.session_id = session_id


class SessionExists(ConversationError):
    """A session id chosen by the client that is already taken (two first requests racing)."""
    code = "session_exists"

    def __init__(self, session_id: str):
        super().__init__(f"session {session_id!r} already exists")
        self.session_id = session_id


class DashboardNotFound(ConversationError, LookupError):
    code = "dashboard_not_found"

    def __init__(self, dashboard_id: str):
        super().__init__(f"dashboard {dashboard_id!r} does not exist")
        self.dashboard_id = dashboard_id


class PinNotFound(ConversationError, LookupError):
    code = "pin_not_found"

    def __init__(self, pin_id: str):
        super().__init__(f"pin {pin_id!r} does not exist on this dashboard")
        self.pin_id = pin_id


class NotChartable(ConversationError, ValueError):
    """A pin asked for on a message that has no result to draw (a user message, a refusal, a 'huh?')."""
    code = "not_chartable"


class MessageNotFound(ConversationError, LookupError):
    code = "message_not_found"

    def __init__(self, message_id: str):
        super().__init__(f"message {message_id!r} does not exist")
        self.message_id = message_id


class UnknownSource(ConversationError, LookupError):
    code = "source_not_found"

    def __init__(self, name: str | None, known: list[str]):
        if name is None:
            msg = "no data source is configured"
        else:
            msg = f"data source {name!r} is not configured; known sources: {', '.join(known) or 'none'}"
        super().__init__(msg)
        self.name = name


class ModelNotFound(ConversationError, UnknownModel):
    """A model id (`model`, `modelId`) that is not configured: a conversation error (404) that is also the
    engine's UnknownModel, so callers catching either see it."""
    code = "model_not_found"


class NothingToBuildOn(ConversationError):
    """Refine or re-chart asked for before the session has an answer with data."""
    code = "no_previous_answer"


class InvalidChartType(ConversationError, ValueError):
    code = "invalid_chart_type"


class DeadlineExceeded(ConversationError, TimeoutError):
    code = "deadline_exceeded"

    def __init__(self, timeout_s: float):
        super().__init__(f"the answer took longer than {timeout_s:g} s and was abandoned; nothing was stored. "
                         "Try a narrower question (a shorter time range, fewer groups).")
        self.timeout_s = timeout_s


class EngineFailure(ConversationError):
    """The engine raised instead of answering: a bug on our side, not the user's."""
    code = "internal_error"


class SourceForbidden(ConversationError, PermissionError):
    """A source of the caller's own tenant that is not granted to them (another tenant's is simply unknown)."""
    code = "source_forbidden"

    def __init__(self, name: str):
        super().__init__(f"you have no access to data source {name!r}; ask an administrator to grant it")
        self.name = name
