"""Hypothesis strategies for petitions the report format can represent."""

from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import strategies as st

import petition_parser as pp

# Free text: anything, with the characters that matter to Markdown and to us made likely.
_TRICKY = st.sampled_from(
    [
        "\r\n",
        "\n",
        "\n\n",
        "  ",
        "*",
        "_",
        "#",
        "### ",
        "|",
        " | ",
        "-",
        ">",
        "<div>",
        "`",
        "```",
        "    ",
        "\t",
        "1. ",
        "[x](y)",
        "**",
        "\r",
        "\u2028",
        "\x85",
        "£",
        "é",
        "\ufeff",
    ]
)
free_text = st.lists(st.one_of(st.text(max_size=8), _TRICKY), max_size=12).map("".join)
one_line = free_text.map(lambda s: s.replace("\n", " ").replace("\r", " "))
cell = one_line.filter(lambda s: (s + " | ").find(" | ") == len(s))
counts = st.integers(min_value=-(10**9), max_value=10**9)
percentages = st.integers(min_value=-(10**6), max_value=10**6).map(
    lambda n: float(f"{n / 100:.2f}")
)
naive_times = st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)
utc_times = naive_times.map(lambda d: d.replace(tzinfo=timezone.utc))
optional_utc = st.none() | utc_times

countries = st.builds(pp.CountrySignatures, st.integers(-5, 10**6), cell, counts, percentages)
constituencies = st.builds(
    pp.ConstituencySignatures,
    st.integers(-5, 10**6),
    cell,
    st.none() | cell.filter(lambda s: s != "None"),
    counts,
    percentages,
)


@st.composite
def responses(draw: st.DrawFn) -> pp.GovernmentResponse:
    summary = draw(free_text.filter(lambda s: (s + "\n\n").find("\n\n") == len(s)))
    details = draw(free_text.filter(lambda s: "\n\n### History\n" not in "\n\n" + s + "\n"))
    return pp.GovernmentResponse(summary, details)


@st.composite
def petitions(draw: st.DrawFn) -> pp.Petition:
    petition_id = draw(st.integers(0, 10**7))
    archived = draw(st.booleans())
    url = f"https://petition.parliament.uk/{'archived/' if archived else ''}petitions/{petition_id}"
    background = draw(free_text.filter(lambda s: "\n\n### Signatures\n" not in "\n\n" + s + "\n"))
    return pp.Petition(
        petition_id=petition_id,
        url=url,
        action=draw(one_line),
        background=background,
        signature_count=draw(counts),
        refreshed_at=draw(naive_times),
        government_response=draw(st.none() | responses()),
        history=pp.History(*(draw(optional_utc) for _ in range(7))),
        signatures_by_country=tuple(draw(st.lists(countries, max_size=6))),
        signatures_by_constituency=tuple(draw(st.lists(constituencies, max_size=6))),
    )
