"""Defaults and override files for the business configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkam.business import HealthComponent, default_config, load_config
from graphkam.errors import InvalidInputError


def test_defaults_weights_sum_to_one() -> None:
    cfg = default_config()
    assert sum(cfg.health.weights.values()) == pytest.approx(1.0)
    assert sum(cfg.tiering.weights.values()) == pytest.approx(1.0)
    assert set(cfg.health.weights) == set(HealthComponent)


def test_override_file_changes_only_its_keys(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("alerts:\n  drop_share: 0.1\n", encoding="utf-8")
    cfg = load_config(path)
    assert cfg.alerts.drop_share == 0.1
    assert cfg.alerts.window_days == default_config().alerts.window_days
    assert cfg.health == default_config().health


def test_bad_override_names_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("alerts:\n  drop_share: 2\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as info:
        load_config(path)
    assert info.value.problems[0].field == "alerts.drop_share"
    assert str(path) in str(info.value)
