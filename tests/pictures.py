"""Shared by the pictures tests: the bundled example archive, and a hostile petition."""

from __future__ import annotations

from pathlib import Path

import attrs

import petition_parser as pp

from .conftest import ROOT

ARCHIVE = ROOT / "example-archive"
#: Text that would be markup, script or a broken attribute if a page let it through.
HOSTILE = (
    '<script>window.__xss = 1</script></table><img src=x onerror="window.__xss=2"> "quoted" & more'
)


def hostile_archive(folder: Path) -> Path:
    """Two snapshots of an invented petition whose title and response are hostile."""
    base = pp.parse_file(ARCHIVE / "2031-03-11" / "2100" / "700101.md")
    folder.mkdir()
    for hour, count in ((9, 130_000), (21, 131_000)):
        petition = attrs.evolve(
            base,
            petition_id=799999,
            url="https://petition.parliament.uk/petitions/799999",
            action=HOSTILE,
            signature_count=count,
            refreshed_at=base.refreshed_at.replace(hour=hour) if base.refreshed_at else None,
            government_response=pp.GovernmentResponse(summary=HOSTILE, details=HOSTILE + "\r\n"),
        )
        (folder / f"{hour}.md").write_text(pp.render(petition), encoding="utf-8", newline="")
    return folder
