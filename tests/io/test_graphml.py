"""GraphML export: re-readable by networkx with the same nodes, edges and attributes."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

from graphkam.io import generate_graphml, read_account_map, to_networkx, write_graphml


def test_graphml_rereads_with_networkx(example_map_path: Path, tmp_path: Path) -> None:
    doc = read_account_map(example_map_path)
    path = tmp_path / "map.graphml"
    write_graphml(doc, path)
    g = nx.read_graphml(path)
    # Counted by hand in the example: 2 accounts + 3 team + 2 departments + 3 stakeholders
    # + 1 third party = 11 nodes; 9 relationships + 2 on_team (rep-lin, sol-he) + 1
    # subsidiary_of (hx-steel -> hx-group) + 5 member_of (3 stakeholders, 2 departments) = 17.
    assert g.number_of_nodes() == 11
    assert g.number_of_edges() == 17
    assert g.nodes["hx-cio"]["kind"] == "stakeholder"
    assert g.nodes["hx-cio"]["label"] == "Li Na"
    assert g.nodes["hx-cio"]["roles"] == "technical_buyer;influencer"
    assert g.nodes["hx-cio"]["influence"] == 0.7
    assert g.nodes["hx-steel"]["label"] == "华星钢铁 Huaxing Steel"
    assert g.nodes["tp-consult"]["party_kind"] == "organization"
    types = sorted(d["type"] for _, _, d in g.edges(data=True))
    assert types.count("member_of") == 5
    assert types.count("reports_to") == 2
    # rep-lin -> hx-cio: hx-cio holds decision roles, so the inferred layer is key
    [(_, _, edge)] = [e for e in g.edges("rep-lin", data=True) if e[1] == "hx-cio"]
    assert edge["layer"] == "key"
    assert edge["last_contact"] == "2026-10-20"


def test_graphml_text_and_no_personal(example_map_path: Path) -> None:
    doc = read_account_map(example_map_path)
    text = generate_graphml(doc, include_personal=False)
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>")
    assert "Prefers written proposals" not in text
    g = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    assert g.number_of_nodes() == to_networkx(doc).number_of_nodes()
    assert "Prefers written proposals" in generate_graphml(doc)
