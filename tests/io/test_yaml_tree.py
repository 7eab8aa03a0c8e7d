"""The one-pass YAML builder gives what PyYAML's own safe loader gives, plus lines and checks."""

from __future__ import annotations

import pytest
import yaml

from graphkam.errors import InvalidInputError
from graphkam.io.yaml_tree import YamlLoader, load_yaml_with_lines

# Each document is loaded twice: by our event builder and by PyYAML's compose-and-construct
# path with the same resolvers (yaml.load with YamlLoader), the independent reference.
SAME_AS_PYYAML = [
    "a: 1\nb: [1, 2.5, true, null, ~, 0x1A, 1_000, .inf]\n",
    "a: '2026-01-01'\nb: 2026-01-01\nc: yes\nd: 'yes'\n",
    "base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n",
    "b1: &b1 {x: 1}\nb2: &b2 {y: 2, x: 9}\nitem:\n  <<: [*b1, *b2]\n",
    "list: &l [1, 2]\nagain: *l\n",
    "- a\n- [b, {c: d}]\n- {}\n- []\n",
    "plain scalar\n",
    "text: |\n  line one\n  line two\nfolded: >\n  a\n  b\n",
    "!!str 12: !!int '7'\nf: !!float 1\n",
    "",
]


@pytest.mark.parametrize("text", SAME_AS_PYYAML)
def test_same_as_pyyaml(text: str) -> None:
    ours, _ = load_yaml_with_lines(text, "t.yaml", 32)
    reference = yaml.load(text, Loader=YamlLoader)  # noqa: S506  (a safe loader)
    if isinstance(reference, dict):  # we keep every key as text
        reference = {k if isinstance(k, str) else _text(k): v for k, v in reference.items()}
    assert ours == reference


def test_keys_are_text() -> None:
    # PyYAML itself would merge the keys 1 and true (equal in Python); we keep them apart.
    data, _ = load_yaml_with_lines("1: one\ntrue: yes\nnull: nothing\n", "t.yaml", 32)
    assert data == {"1": "one", "true": True, "null": "nothing"}


def _text(key: object) -> str:
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\na: 2\n", "t.yaml, line 2: duplicate key 'a'"),
        ("? [a, b]\n: c\n", "t.yaml, line 1: a key must be text, not a list or mapping"),
        ("a: 1\n---\nb: 2\n", "t.yaml, line 2: holds several YAML documents; use one"),
        ("a: !!python/name:os.system x\n", "t.yaml, line 1: malformed YAML: unsupported tag"),
        ("a: !!set {x}\n", "t.yaml, line 1: malformed YAML: unsupported tag"),
        ("a: *nowhere\n", "t.yaml, line 1: unknown alias '*nowhere'"),
        ("a: !!int x\n", "t.yaml, line 1: malformed YAML: bad int value"),
        ("a:\n  <<: 5\n", "t.yaml, line 2: '<<' must merge a mapping or a list of mappings"),
        ("a: [\n", "t.yaml, line 2: malformed YAML: "),
        ("[" * 40 + "]" * 40, "t.yaml, line 1: nested more than 32 levels deep"),
    ],
)
def test_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        load_yaml_with_lines(text, "t.yaml", 32)
    assert str(info.value).startswith(message)


def test_deep_nesting_never_recurses() -> None:
    text = "[" * 200_000 + "]" * 200_000
    with pytest.raises(InvalidInputError, match="nested more than 32 levels deep"):
        load_yaml_with_lines(text, "t.yaml", 32)
