"""The public API of graphkam.business: complete, ordered by module, without duplicates."""

from __future__ import annotations

import graphkam.business as business
from graphkam.business import alerts, config, csv_facts, health, rfm, signals, tiering


def test_all_is_every_module_all_in_order() -> None:
    modules = [config, rfm, tiering, health, alerts, csv_facts, signals]
    expected = [name for m in modules for name in m.__all__]
    assert business.__all__ == expected
    assert len(set(expected)) == len(expected)
    for name in expected:
        assert hasattr(business, name), name
