"""The block loop (``_format/blocks.py``): the tokens mistune's own loop gives, found
without trying the rules at every character."""

from __future__ import annotations

import random

import pytest
from fuzz.invariants import token_tuples, tokens_are_mistunes
from fuzz.mutate import mutate, seeds
from hypothesis import given
from hypothesis import strategies as st

from petition_parser._format.blocks import _LONG_LINE, BlockRules, tokenize
from petition_parser._format.index import _RULES as INDEX_RULES
from petition_parser._format.layout import LAYOUTS

#: Every layout's rules: free text until a heading, the early backgrounds after the
#: title, tables to a blank line or to the last "|" line.
RULES = [INDEX_RULES, *(layout.rules for layout in LAYOUTS.values())]
#: The fuzzers' seeds: every layout's fixtures, reports and index pages.
POOL = seeds("report") + seeds("index")
#: Lines that start a rule, nearly do, or start a paragraph in each of mistune's ways
#: (a letter; a space, a digit or punctuation, which mistune searches for).
LINES = [
    "",
    " ",
    "\t",
    "x",
    " x",
    "1",
    "[",
    "[](",
    "#",
    "#x",
    "# A title",
    "### Background",
    "### Government Response",
    "### Signatures by Country",
    "####### seven",
    "#  two spaces",
    "|",
    "| a | 1 |",
    "**870 signatures**",
    "\r",
    "x\r",
    # Lines either side of the length that str.find steps over (_LONG_LINE).
    "x" * (_LONG_LINE - 2),
    "y" * (_LONG_LINE - 1),
    "[" * _LONG_LINE,
    "z" * (_LONG_LINE + 1),
]


documents = st.one_of(
    st.builds(
        lambda lines, end: "\n".join(lines) + end,
        st.lists(st.sampled_from(LINES), max_size=40),
        st.sampled_from(["", "\n", "\n\n"]),
    ),
    st.builds(
        lambda seed, n: mutate(random.Random(n), seed, POOL, "report"),
        st.sampled_from(POOL),
        st.integers(0, 2**32 - 1),
    ),
)


@given(documents, st.sampled_from(RULES))
def test_the_tokens_are_mistunes(src: str, rules: BlockRules) -> None:
    tokens_are_mistunes(src, rules)


def test_every_fixture_tokens_as_mistune_does() -> None:
    for src in POOL:
        for rules in RULES:
            tokens_are_mistunes(src, rules)


@pytest.mark.parametrize("start", ["[", "1", " x", "x", "#x"])
def test_a_long_paragraph_is_one_token(start: str) -> None:
    # Mistune's loop tried its rules at each of these characters (but for "x"):
    # 10 MB of "[" took 0.6 s (benchmarks/hostile.py).
    src = "# A title\n\n" + start * 20_000 + "\nmore\n\n| a |\n"
    assert token_tuples(tokenize(src, INDEX_RULES)) == [
        ("heading", 0, "A title", 1),
        ("blank_line", 10, "", 0),
        ("paragraph", 11, start * 20_000 + "\nmore\n", 0),
        ("blank_line", src.index("\n\n| a") + 1, "", 0),
        ("table", src.index("| a"), "| a |\n", 0),
    ]


def test_a_heading_on_the_last_line_without_its_line_break_is_paragraph_text() -> None:
    src = "x\n### Background"
    assert token_tuples(tokenize(src, INDEX_RULES)) == [("paragraph", 0, src, 0)]


@pytest.mark.parametrize("short", [1, 2, _LONG_LINE - 2, _LONG_LINE - 1, _LONG_LINE])
def test_a_paragraph_of_long_and_short_lines_ends_where_a_rule_may_start(short: int) -> None:
    # Long lines are stepped over by str.find, the rest by the search: either way the
    # paragraph ends at the first line a rule may take.
    lines = ["a" * 2 * _LONG_LINE, "b" * short, "c" * _LONG_LINE, "#x", "d" * 5, "e" * 700]
    for rule_line in ["| a |", "", "# h", "###### h"]:
        src = "\n".join([*lines, rule_line, "f" * 400]) + "\n"
        paragraph = "\n".join(lines) + "\n"
        assert token_tuples(tokenize(src, INDEX_RULES))[0] == ("paragraph", 0, paragraph, 0)
        for rules in RULES:
            tokens_are_mistunes(src, rules)
