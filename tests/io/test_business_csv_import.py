"""`graphkam import` takes orders/NPS/complaints CSVs beside account maps, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkam.errors import InvalidInputError
from graphkam.io import import_files
from graphkam.model import RecordKind
from graphkam.stores import open_store


def test_orders_csv_with_bom_and_chinese_headers(tmp_path: Path, example_map_path: Path) -> None:
    orders = tmp_path / "orders.csv"
    orders.write_bytes("客户,日期,金额\nhx-steel,2026-10-01,120000\n".encode("utf-8-sig"))
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as st:
        import_files(st, [example_map_path, orders])
        [order] = st.list_records(RecordKind.ORDER, "hx-steel")
        assert (str(order.date), order.amount) == ("2026-10-01", 120000.0)


def test_bad_account_in_nps_csv_names_row_and_writes_nothing(
    tmp_path: Path, example_map_path: Path
) -> None:
    nps = tmp_path / "nps.csv"
    nps.write_text("account,date,score\nhx-steel,2026-10-05,9\nnope,2026-10-05,7\n")
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as st:
        with pytest.raises(InvalidInputError, match=r"nps.csv, row 3, field 'account': unknown id"):
            import_files(st, [example_map_path, nps])
        assert st.counts()["accounts"] == 0
