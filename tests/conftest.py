"""Shared pytest configuration: hypothesis profiles.

No test may assert on timing, so hypothesis' per-example deadline is switched off
everywhere. Under CI (the ``CI`` environment variable is set) the run is derandomized,
so a landing is never blocked by a new random example; locally, hypothesis explores.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", deadline=None, max_examples=100)
settings.register_profile(
    "ci",
    deadline=None,
    max_examples=100,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
