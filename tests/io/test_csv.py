"""CSV import (stakeholders and relationships, Chinese headers, BOM) and CSV export."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from graphkam.errors import InvalidInputError
from graphkam.io import (
    CsvKind,
    csv_kind,
    generate_account_map,
    import_files,
    parse_csv,
    write_csv,
)
from graphkam.model import DecisionRole, NodeKind, StakeholderStatus, Stance
from graphkam.stores import Store

# A CRM-style contact export with Chinese headers, a BOM (as Excel writes) and an extra column.
CHINESE = (
    "\ufeff客户名称,姓名,职务,部门,决策角色,立场,影响力,状态,备注,邮箱\r\n"
    "华东电力,张伟,总经理,总经办,决策者,支持,高,在职,喜欢打羽毛球,zw@example.com\r\n"
    "华东电力,李娜,信息中心主任,信息中心,技术部门、使用部门,内线,0.7,,,\r\n"
    "华东电力,王强,财务总监,财务部,财务/采购,怀疑者,60%,离职,,\r\n"
)


def _sha(*parts: str) -> str:
    """The documented id rule, computed here independently: SHA-1 of parts joined by '|'."""
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:10]


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_chinese_headers_with_bom(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, "contacts.csv", CHINESE)
    [summary] = import_files(store, [path])
    assert summary.counts == {"accounts": 1, "departments": 3, "stakeholders": 3}
    acct = f"acct-{_sha('华东电力')}"
    people = {s.name: s for s in store.list_nodes(NodeKind.STAKEHOLDER)}
    zhang, li, wang = people["张伟"], people["李娜"], people["王强"]
    assert zhang.id == f"sh-{_sha(acct, '张伟')}"
    assert zhang.account == acct
    assert zhang.department == f"dept-{_sha(acct, '总经办')}"
    assert zhang.roles == [DecisionRole.DECISION_MAKER]
    assert zhang.stance is Stance.SUPPORTER
    assert zhang.influence == pytest.approx(0.8)  # 高 = high = 0.8 (documented)
    assert zhang.notes == "喜欢打羽毛球"
    assert li.roles == [DecisionRole.TECHNICAL_BUYER, DecisionRole.USER_BUYER]
    assert li.stance is Stance.CHAMPION  # 内线 is an alias of champion
    assert wang.roles == [DecisionRole.ECONOMIC_BUYER, DecisionRole.PROCUREMENT]
    assert wang.influence == pytest.approx(0.6)
    assert wang.status is StakeholderStatus.LEFT
    assert store.get_node(NodeKind.ACCOUNT, acct).name == "华东电力"


def test_reimport_is_idempotent(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, "contacts.csv", CHINESE)
    import_files(store, [path])
    before = generate_account_map(store.export_map())
    import_files(store, [path])  # accounts and departments now match by name
    assert generate_account_map(store.export_map()) == before


def test_matches_known_accounts_and_departments(
    store: Store, tmp_path: Path, example_map_path: Path
) -> None:
    import_files(store, [example_map_path])
    text = (
        "Id,Account,Name,Title,Department,Role(s),Attitude,Influence\n"
        "hx-coo,华星钢铁 Huaxing Steel,Zhao Lei,COO,Finance,Evaluator,Skeptical,0.4\n"
        "hx-cto,hx-steel,Sun Li,CTO,信息中心 IT,Technical Buyer; Influencer,positive,0.6\n"
    )
    [summary] = import_files(store, [_write(tmp_path, "sf.csv", text)])
    assert summary.counts == {"stakeholders": 2}  # no new account or department
    coo = store.get_node(NodeKind.STAKEHOLDER, "hx-coo")
    cto = store.get_node(NodeKind.STAKEHOLDER, "hx-cto")
    assert (coo.account, coo.department) == ("hx-steel", "hx-fin")
    assert (cto.account, cto.department) == ("hx-steel", "hx-it")
    assert coo.roles == [DecisionRole.TECHNICAL_BUYER]
    assert cto.roles == [DecisionRole.TECHNICAL_BUYER, DecisionRole.INFLUENCER]


def test_relationships_csv_after_stakeholders(store: Store, tmp_path: Path) -> None:
    people = _write(tmp_path, "people.csv", "Id,Account,Name\nceo,Acme,Boss\ncfo,Acme,Money\n")
    rels = _write(
        tmp_path,
        "rels.csv",
        "类型,从,到,权重,最近联系\nreports_to,cfo,ceo,,\nInfluences,cfo,ceo,0.8,\n",
    )
    summaries = import_files(store, [people, rels])
    assert [s.counts for s in summaries] == [
        {"accounts": 1, "stakeholders": 2},
        {"relationships": 2},
    ]
    weights = {r.type.value: r.weight for r in store.list_relationships()}
    assert weights == {"reports_to": None, "influences": 0.8}


# (csv text, expected first problem). Rows count the header as row 1.
BAD = [
    (
        "姓名,客户,态度\n甲,某公司,支持\n乙,某公司,喜欢\n",
        "bad.csv, row 3, field '态度': '喜欢' is not one of champion, supporter,",
    ),
    ("Name,Account,Influence\nA,X,1.5\n", "bad.csv, row 2, field 'Influence': 1.5 is above"),
    ("Name,Account\nA,\n", "bad.csv, row 2, field 'Account': is required (an account id or name)"),
    ("Name,Account\n,X\n", "bad.csv, row 2, field 'Name': is required"),
    ("Name,Account,Roles\nA,X,boss;janitor\n", "bad.csv, row 2, field 'Roles': 'boss' is not"),
    (
        "Name,Account\nA,X\nB,X\nA,X\n",
        "bad.csv, row 4, field 'Name': same account and name as row 2; add an Id column",
    ),
    ("type,from,to\nreports_to,a,b\n", "bad.csv, row 2, field 'from': unknown id 'a'"),
    (
        "type,from,to,last_contact\nknows,a,b,yesterday\n",
        "bad.csv, row 2, field 'last_contact': 'yesterday' is not a date (use YYYY-MM-DD)",
    ),
    (
        "Id,Name,Account\nx,A,X\nx,B,X\n",
        "bad.csv, row 3, field 'Id': duplicate id 'x'",
    ),
    ("Email,Phone\nx,y\n", "bad.csv, row 1: cannot tell what this CSV holds"),
    ("Name,姓名\nA,B\n", "bad.csv, row 1: columns 'Name' and '姓名' both mean name; keep one"),
    ("", "bad.csv: the file is empty"),
]


@pytest.mark.parametrize(("text", "expected"), BAD)
def test_csv_errors_name_row_and_column(
    store: Store, tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInputError) as info:
        import_files(store, [path])
    assert str(info.value.problems[0]).startswith(expected.replace("bad.csv", str(path)))
    assert sum(store.counts().values()) == 0


def test_kind_from_headers() -> None:
    assert csv_kind(["Type", "From", "To", "Strength"]) is CsvKind.RELATIONSHIPS
    assert csv_kind(["Contact Name", "Account Name"]) is CsvKind.STAKEHOLDERS
    assert csv_kind(["联系人", "公司"]) is CsvKind.STAKEHOLDERS


def test_semicolon_delimited_and_ignored_columns() -> None:
    parsed = parse_csv("Name;Account;Phone;Hobby\nA;X;123;golf\n", "s.csv")
    assert [s.name for s in parsed.doc.stakeholders] == ["A"]
    assert parsed.doc.stakeholders[0].phone == "123"
    assert parsed.notes == ["s.csv: columns separated by ';'", "s.csv: ignored columns: Hobby"]


def test_export_reimports_unchanged(store: Store, tmp_path: Path, example_map_path: Path) -> None:
    import_files(store, [example_map_path])
    before = generate_account_map(store.export_map())
    written = write_csv(store.export_map(), tmp_path / "out")
    assert written == [str(tmp_path / "out" / n) for n in ("stakeholders.csv", "relationships.csv")]
    raw = (tmp_path / "out" / "stakeholders.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfId,Account,Name,Title,Department,Roles,Stance")
    out = tmp_path / "out"
    import_files(store, [out / "stakeholders.csv", out / "relationships.csv"])
    assert generate_account_map(store.export_map()) == before


def test_export_zip_and_no_personal(tmp_path: Path, example_map_path: Path) -> None:
    from graphkam.io import read_account_map

    doc = read_account_map(example_map_path)
    write_csv(doc, tmp_path / "out.zip", include_personal=False)
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        assert zf.namelist() == ["stakeholders.csv", "relationships.csv"]
        people = zf.read("stakeholders.csv").decode("utf-8-sig")
    assert "Prefers written proposals" not in people
    assert "hx-cio,hx-steel,Li Na,CIO,信息中心 IT,technical_buyer;influencer,champion,0.7" in people


def test_ambiguous_account_name(store: Store, tmp_path: Path) -> None:
    accounts = _write(
        tmp_path, "a.yaml", "accounts:\n  - {id: s1, name: Same}\n  - {id: s2, name: Same}\n"
    )
    import_files(store, [accounts])
    people = _write(tmp_path, "p.csv", "Name,Account\nA,Same\n")
    with pytest.raises(InvalidInputError) as info:
        import_files(store, [people])
    assert str(info.value) == (
        f"{people}, row 2, field 'Account': 2 accounts are named 'Same' (s1, s2); "
        "use the account id"
    )


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_chinese_export_in_any_encoding_imports(
    store: Store, tmp_path: Path, encoding: str
) -> None:
    """Excel in China saves CSV as GBK; others as UTF-16 or UTF-8 with BOM: all read alike."""
    text = "姓名,客户,职务\n张伟,华东电力,总经理\n李娜,华东电力,信息中心主任\n"
    path = _write(tmp_path, "contacts.csv", text, encoding=encoding)
    import_files(store, [path])
    names = sorted(s.name for s in store.list_nodes(NodeKind.STAKEHOLDER))
    assert names == ["张伟", "李娜"]
    assert [a.name for a in store.list_nodes(NodeKind.ACCOUNT)] == ["华东电力"]
