"""The assessment steps on a microsystem's page, from every app that adds a step.

This app's own steps come from selectors.profile. Apps that build on it
(stakeholders, valuation) register theirs in AppConfig.ready(), so the steps
appear in dependency order without this app importing them.
"""

from collections.abc import Callable

from microsystems.models import Microsystem

StepProvider = Callable[[Microsystem], list[dict]]

_providers: list[StepProvider] = []


def register_steps(provider: StepProvider) -> None:
    """Add a function that returns an app's steps (each made with `step`), one query each."""
    if provider not in _providers:
        _providers.append(provider)


def step(label: str, done: bool, detail: str, url_name: str) -> dict:
    """One step: `url_name` takes the microsystem's slug as its only argument."""
    return {"label": label, "done": done, "detail": detail, "url_name": url_name}


def plural(count: int, one: str = "", many: str = "s") -> str:
    return one if count == 1 else many


def later_steps(microsystem: Microsystem) -> list[dict]:
    return [found for provider in _providers for found in provider(microsystem)]
