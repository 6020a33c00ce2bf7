"""The vendor-compatible chat APIs: one module per published API, each a thin serializer of the one `Answer`.

Each surface owns only its field mapping, its auth scheme and its error format; every answer comes from the same
`ConversationService` as the native API.
"""
from __future__ import annotations

from conversql.api.surfaces import (analytics_chat, bi_chat, bi_stream, chats_v1, conversational_analytics,
                                    faas_chat)

ROUTERS = (chats_v1.router, faas_chat.router, analytics_chat.router, analytics_chat.alias_router,
           analytics_chat.dashboards_router, bi_chat.router, bi_stream.router, conversational_analytics.router)
