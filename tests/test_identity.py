"""Resolving people, colleagues and accounts from ids, names and parts of names."""

from __future__ import annotations

import pytest

from graphkam.documents import AccountMap
from graphkam.errors import InvalidInputError, NotFoundError
from graphkam.identity import name_parts, resolve_id
from graphkam.model import NodeKind
from graphkam.stores import Store

S, T, A = NodeKind.STAKEHOLDER, NodeKind.TEAM_MEMBER, NodeKind.ACCOUNT


@pytest.fixture
def people(store: Store) -> Store:
    doc = {
        "accounts": [{"id": "a", "name": "东方航运 Dongfang Shipping"}, {"id": "b", "name": "B"}],
        "team": [{"id": "rep", "name": "Jane Rep", "team_role": "account_manager"}],
        "stakeholders": [
            {"id": "s1", "account": "a", "name": "梁雨桐 Liang Yutong"},
            {"id": "s2", "account": "a", "name": "Liang Wei"},
            {"id": "s3", "account": "a", "name": "Petra Lange"},
            {"id": "s4", "account": "b", "name": "Petra Lange"},
        ],
    }
    store.import_map(AccountMap.model_validate(doc))
    return store


@pytest.mark.parametrize(
    ("text", "account", "expected"),
    [
        ("s1", "a", "s1"),  # the id
        ("梁雨桐 liang yutong", "a", "s1"),  # the whole name, any case
        ("梁雨桐", "a", "s1"),  # the Chinese part
        ("Liang Yutong", "a", "s1"),  # the Latin part
        ("Yutong", "a", "s1"),  # a word
        ("雨桐", "a", "s1"),  # a piece of the name
        ("Petra", "a", "s3"),  # unique within the account
        ("Petra Lange", "b", "s4"),
    ],
)
def test_resolves(people: Store, text: str, account: str, expected: str) -> None:
    assert resolve_id(people, text, [S], account) == expected


def test_accounts_and_colleagues_by_part(people: Store) -> None:
    assert resolve_id(people, "Dongfang", [A]) == "a"
    assert resolve_id(people, "东方航运", [A]) == "a"
    assert resolve_id(people, "jane", [T]) == "rep"


def test_ambiguous_lists_the_candidates(people: Store) -> None:
    with pytest.raises(InvalidInputError) as err:
        resolve_id(people, "Liang", [S], "a", field="with")
    assert str(err.value) == (
        "field 'with': 'Liang' could be any of 2 stakeholders of account 'a': "
        "梁雨桐 Liang Yutong (s1, a); Liang Wei (s2, a); use more of the name or the id"
    )
    with pytest.raises(InvalidInputError, match="could be any of 2 stakeholders: "):
        resolve_id(people, "Petra Lange", [S])  # one in each account


def test_nothing_matches(people: Store) -> None:
    with pytest.raises(NotFoundError) as err:
        resolve_id(people, "Nobody", [S], "a")
    assert err.value.message == (
        "no stakeholder with id 'Nobody' (nor a name like it) in account 'a'"
    )


def test_name_parts_of_a_bilingual_name() -> None:
    assert name_parts("梁雨桐 Liang Yutong") == {"梁雨桐", "liang yutong", "liang", "yutong"}
