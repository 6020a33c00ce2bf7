"""Driver values made JSON-friendly, so every API surface can serialise a result without knowing the backend."""
from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID


def to_json_value(value: Any) -> Any:
    """One driver value as str/int/float/bool/None, or a list/dict of those.

    >>> to_json_value(Decimal("12.50")), to_json_value(date(2024, 1, 31)), to_json_value(b"\\xff")
    (12.5, '2024-01-31', 'ff')
    """
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        # NaN and infinities are not JSON; a missing value is the honest rendering.
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        # Integral decimals (SUM of bigint in PostgreSQL, COUNT in MySQL) stay integers: 10, not 10.0.
        if value == value.to_integral_value() and value.as_tuple().exponent >= 0:
            return int(value)
        return float(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, (bytes, bytearray)):
        return _bytes_to_text(bytes(value))
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_json_value(v) for v in value]
    return str(value)


def _bytes_to_text(data: bytes) -> str:
    # MySQL hands TEXT columns of some collations back as bytes; those read as text. Real binary becomes hex.
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data.hex()
    readable = all(ch.isprintable() or ch in "\n\r\t" for ch in text)
    return text if readable else data.hex()
