"""graphkam.io re-exports every module's public names, once each."""

from __future__ import annotations

import graphkam.io
from graphkam.io import accountmap, csv_export, csv_import, graphml, importer
from graphkam.io import locate as locate_module


def test_all_is_complete_and_unique() -> None:
    names = graphkam.io.__all__
    assert len(names) == len(set(names))
    for module in (accountmap, csv_import, csv_export, graphml, importer, locate_module):
        for name in module.__all__:
            assert name in names
            assert getattr(graphkam.io, name) is getattr(module, name)
