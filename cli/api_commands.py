"""`foi serve` and `foi keys`: the HTTP API and its API keys (FastAPI is imported only by these)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cli.options import INDEX_OPTION, settings_from_env
from core.errors import FoiError
from core.location import IndexLocation

if TYPE_CHECKING:
    from api.keys import KeyStore

console = Console()


@click.command()
@INDEX_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
def serve(index_dir: str | None, host: str, port: int) -> None:
    """Serve the HTTP API (search, documents, export, facets, status) until Ctrl+C.

    Every request needs an API key (foi keys create) unless FOI_AUTH=off, which is allowed
    on a loopback address only. OpenAPI document: /docs and /openapi.json.

    Example: foi serve --index foi-index --port 8000, then
    curl -H "Authorization: Bearer KEY" 'http://127.0.0.1:8000/search?q=exemption:s40'
    """
    from api.server import serve as run

    settings = settings_from_env()
    index = IndexLocation.resolve(index_dir, settings)
    console.print(f"FOI search API on http://{host}:{port} (index {escape(index.target)}); Ctrl+C stops it")
    try:
        run(index, settings, host, port)
    except FoiError as e:
        raise click.ClickException(str(e)) from e


@click.group()
def keys() -> None:
    """Create, list and revoke the API keys of an index (kept hashed beside its ledger)."""


@keys.command("create")
@INDEX_OPTION
@click.option("--name", required=True, help="Who or what uses the key.")
@click.option("--role", type=click.Choice(["reader", "editor", "admin"]), default="reader", show_default=True)
@click.option("--collection", "collections", multiple=True, help="A collection the key may see (repeatable).")
@click.option("--all-collections", is_flag=True, help="Every collection, present and future.")
def create(index_dir: str | None, name: str, role: str, collections: tuple[str, ...], all_collections: bool) -> None:
    """Make a key and print it once: it is stored hashed and cannot be shown again.

    Example: foi keys create --index foi-index --name "newsdesk" --collection public --collection newsroom
    """
    from api.keys import Role

    if bool(collections) == all_collections:
        raise click.UsageError("give --collection NAME (one or more) or --all-collections")
    store = _store(index_dir)
    try:
        key, secret = store.create(name, Role(role), None if all_collections else collections)
    except FoiError as e:
        raise click.ClickException(str(e)) from e
    finally:
        store.close()
    granted = "every collection" if key.collections is None else ", ".join(key.collections)
    console.print(f"key {key.id} ({escape(key.name)}, {key.role.value}, {escape(granted)}); shown once:")
    click.echo(secret)


@keys.command("list")
@INDEX_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def list_keys(index_dir: str | None, as_json: bool) -> None:
    """Every key with its role, collections and whether it is revoked (never the secret).

    Example: foi keys list --index foi-index
    """
    store = _store(index_dir)
    try:
        listed = store.list()
    finally:
        store.close()
    if as_json:
        rows = [{**key.__dict__, "role": key.role.value} for key in listed]
        click.echo(json.dumps(rows))
        return
    table = Table("id", "name", "role", "collections", "created", "revoked")
    for key in listed:
        granted = "(all)" if key.collections is None else ", ".join(key.collections)
        table.add_row(key.id, escape(key.name), key.role.value, escape(granted), key.created_at, key.revoked_at or "")
    console.print(table)


@keys.command("revoke")
@INDEX_OPTION
@click.argument("key_id")
def revoke(index_dir: str | None, key_id: str) -> None:
    """Revoke a key at once: its next request is refused (401).

    Example: foi keys revoke --index foi-index 3f2a9c0b1d4e
    """
    store = _store(index_dir)
    try:
        key = store.revoke(key_id)
    except FoiError as e:
        raise click.ClickException(str(e)) from e
    finally:
        store.close()
    console.print(f"revoked key {key.id} ({escape(key.name)})")


def _store(index_dir: str | None) -> KeyStore:
    from api.keys import KeyStore

    try:
        return KeyStore(IndexLocation.resolve(index_dir, settings_from_env()).ledger_folder)
    except FoiError as e:
        raise click.ClickException(str(e)) from e
