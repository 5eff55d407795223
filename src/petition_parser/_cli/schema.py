"""``petition-parser schema``: the JSON Schema of the dict / JSON form."""

from __future__ import annotations

from importlib import resources

import click


def schema_text(kind: str) -> str:
    """The JSON Schema (draft 2020-12) shipped in the package, as text."""
    return (resources.files("petition_parser") / "schemas" / f"{kind}.schema.json").read_text(
        encoding="utf-8"
    )


@click.command()
@click.argument("kind", type=click.Choice(["petition", "index"]), default="petition")
def schema(kind: str) -> int:
    """Print the JSON Schema (draft 2020-12) of parse's output for a petition or an index page.

    \b
    Example:
      petition-parser schema > petition.schema.json
      petition-parser parse report.md | check-jsonschema --schemafile petition.schema.json -
    """
    click.echo(schema_text(kind), nl=False)
    return 0
