"""The provider the settings name: ``rules`` unless STELLARY_AI_PROVIDER says ``openai``."""

from __future__ import annotations

from stellary_core.ai.provider import Provider
from stellary_core.ai.rules_provider import RulesProvider
from stellary_core.config import Settings
from stellary_core.errors import Invalid

NAMES = ("rules", "openai")


def provider_named(name: str, settings: Settings) -> Provider:
    """The provider ``name`` (an agent's, or the settings' default); openai needs a base URL and a model."""
    if name == "rules":
        return RulesProvider()
    if name == "openai":
        if not settings.ai_base_url or not settings.ai_model:
            raise Invalid.field(
                "provider", "openai needs STELLARY_AI_BASE_URL and STELLARY_AI_MODEL (and STELLARY_AI_API_KEY if the server asks)"
            )
        from stellary_core.ai.openai_provider import OpenAIConfig, OpenAIProvider

        return OpenAIProvider(OpenAIConfig(settings.ai_base_url, settings.ai_model, settings.ai_api_key))
    raise Invalid.field("provider", f"{name!r} is not a provider (use {' or '.join(NAMES)})")


def default_provider(settings: Settings) -> Provider:
    return provider_named(settings.ai_provider, settings)
