"""What can go wrong in a conversation, in words safe to show a user. The API maps each to an HTTP status."""
from __future__ import annotations


class ConversationError(Exception):
    """Base: `code` is stable and machine-readable, the message is for people."""
    code = "conversation_error"


class SessionNotFound(ConversationError, LookupError):
    code = "session_not_found"

    def __init__(self, session_id: str):
        super().__init__(f"session {session_id!r} does not exist")
        self.session_id = session_id


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


class ModelNotFound(ConversationError, LookupError):
    """A model id (`model`, `modelId`) that is not configured."""
    code = "model_not_found"

    def __init__(self, model: str, known: list[str]):
        super().__init__(f"model {model!r} is not configured; known models: {', '.join(known)}")
        self.model = model
        self.known = known


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
