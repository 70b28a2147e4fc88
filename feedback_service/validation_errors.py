"""Pydantic's validation errors as one sentence a client can act on (the API, the PBX hook)."""

from __future__ import annotations

from pydantic import ValidationError


def describe(error: ValidationError) -> str:
    """One readable sentence for what was wrong with a body."""
    parts = []
    for problem in error.errors():
        where = ".".join(str(p) for p in problem["loc"]) or "body"
        parts.append(f"{where}: {problem['msg']}")
    return "; ".join(parts)
