"""The `conversql` command: serve, demo, ask, sources, eval; keys, tenants and grants for identity."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="ConverSQL: ask questions of your database in plain English.")
console = Console()
err = Console(stderr=True)


def _engine(db: str | None, today: Optional[str], demo: bool = False, sources: list[str] | None = None,
            semantic_model: Optional[Path] = None):
    from conversql.engine.pipeline import Engine
    from conversql.settings import Settings
    settings = Settings()
    named = dict(settings.sources)
    for item in sources or []:
        if "=" not in item:
            raise typer.BadParameter(f"--source takes NAME=URL, got {item!r}")
        name, url = item.split("=", 1)
        named[name] = url
    if db:
        named["db"] = db
    update: dict = {"sources": named, "demo": demo or settings.demo or not named}
    if today:
        update["today"] = _parse_today(today)
    if semantic_model:
        update["semantic_models"] = {next(iter(named), "demo"): semantic_model}
    return Engine(settings.model_copy(update=update))


def _parse_today(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"--today must be YYYY-MM-DD, got {value!r}") from None


@app.command()
def serve(host: str = typer.Option(None, help="Interface to listen on (default 127.0.0.1)."),
          port: int = typer.Option(None, help="Port (default 8000)."),
          demo: bool = typer.Option(False, "--demo", help="Serve the embedded demo database (built on first run)."),
          db: Optional[str] = typer.Option(None, help="A database URL to serve as source 'db'."),
          source: list[str] = typer.Option([], help="NAME=URL; repeat for several sources."),
          store: Optional[str] = typer.Option(None, help="Chat store URL (sqlite:///... or postgresql://...).")):
    """Start the HTTP server (native API with OpenAPI docs at /docs)."""
    import uvicorn

    from conversql.api.app import create_app
    from conversql.settings import Settings
    settings = Settings()
    named = dict(settings.sources)
    for item in source:
        name, _, url = item.partition("=")
        named[name] = url
    if db:
        named["db"] = db
    update = {"sources": named, "demo": demo or settings.demo or not named}
    if store:
        update["store_url"] = store
    settings = settings.model_copy(update=update)
    host, port = host or settings.host, port or settings.port
    console.print(f"ConverSQL on http://{host}:{port}  (API docs: http://{host}:{port}/docs)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@app.command()
def demo(out: Path = typer.Option(Path("data/demo.duckdb"), help="Where to write the DuckDB file."),
         scale: float = typer.Option(1.0, help="Size factor: 1 is ~25k orders; 150 reaches 10M order lines."),
         seed: int = typer.Option(42, help="Random seed: the same seed gives the same data."),
         today: Optional[str] = typer.Option(None, help="Last order date (YYYY-MM-DD); default today.")):
    """Build the demo retail database (customers, orders, order lines, products, employees...)."""
    from conversql.demo import build_demo
    stats = build_demo(out, scale=scale, seed=seed, today=_parse_today(today) if today else None)
    console.print(f"Built {stats.path} in {stats.seconds:.1f}s")
    for table, n in stats.rows.items():
        console.print(f"  {table:<16} {n:>12,}")


@app.command()
def ask(question: Optional[str] = typer.Argument(None, help="The question (omit with --batch)."),
        db: Optional[str] = typer.Option(None, help="Database URL; default: the demo database."),
        today: Optional[str] = typer.Option(None, help="Reference date for relative time (YYYY-MM-DD)."),
        format: str = typer.Option("text", "--format", help="text | json | jsonl"),
        batch: Optional[Path] = typer.Option(None, help="JSON lines {id, question, conversation?}; one answer "
                                                         "line per input."),
        semantic_model: Optional[Path] = typer.Option(None, help="YAML file refining the semantic model.")):
    """Ask one question, or a batch of questions (the evaluation contract)."""
    try:
        engine = _engine(db, today, semantic_model=semantic_model)
        source = engine.source_names()[0]
        engine.catalog.get(source)
    except typer.BadParameter:
        raise
    except Exception as e:  # noqa: BLE001 - a bad URL or unreadable database is the user's to fix
        err.print(f"[red]Cannot open the database:[/red] {e}")
        raise typer.Exit(2) from None
    if batch is not None:
        _ask_batch(engine, source, batch)
        return
    if not question:
        raise typer.BadParameter("give a question, or --batch FILE")
    answer = engine.ask(question, source=source)
    if format in ("json", "jsonl"):
        sys.stdout.write(answer.model_dump_json(exclude={"vega_lite", "chartjs"}) + "\n")
    else:
        from conversql.render import print_answer
        print_answer(console, answer)


def _ask_batch(engine, source: str, path: Path) -> None:
    from conversql.engine.answer import Answer
    contexts: dict[str, Answer] = {}
    try:
        lines = path.read_text().splitlines()
    except OSError as e:
        err.print(f"[red]Cannot read {path}:[/red] {e}")
        raise typer.Exit(2) from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            qid, question, conv = item.get("id"), item["question"], item.get("conversation")
        except (json.JSONDecodeError, KeyError, AttributeError) as e:
            sys.stdout.write(json.dumps({"id": None, "sql": None, "columns": [], "rows": [],
                                         "error": f"line {n}: not a {{id, question}} object ({e})"}) + "\n")
            continue
        try:
            answer = engine.ask(question, source=source, context=contexts.get(conv) if conv else None)
        except Exception as e:  # noqa: BLE001 - one bad question must not end the batch
            answer = Answer(question=question, intent="clarify", error=f"internal error: {e}", error_kind="internal")
        if conv and answer.query is not None:
            contexts[conv] = answer
        elif conv and answer.intent == "change_chart":
            contexts[conv] = answer
        out = {"id": qid, "sql": answer.sql, "columns": answer.columns, "rows": answer.rows, "error": answer.error}
        sys.stdout.write(json.dumps(out, default=str) + "\n")
        sys.stdout.flush()


@app.command()
def sources(db: Optional[str] = typer.Option(None, help="Database URL; default: configured sources or the demo.")):
    """List the data sources with their tables, row counts and example questions."""
    engine = _engine(db, None)
    for name in engine.source_names():
        info = engine.describe_source(name)
        console.print(f"[bold]{name}[/bold] ({info['dialect']})")
        for t in info["tables"]:
            console.print(f"  {t['name']:<24} {t['row_count'] or 0:>10,} rows  {len(t['columns'])} columns")
        for q in info["example_questions"]:
            console.print(f"  [dim]e.g.[/dim] {q}")


@app.command("eval")
def evaluate(questions: Path = typer.Argument(..., help="Spider-format JSON: [{question, query, db_id}]"),
             databases: Path = typer.Argument(..., help="Folder holding <db_id>/<db_id>.sqlite"),
             limit: int = typer.Option(0, help="Score only the first N questions."),
             today: Optional[str] = typer.Option(None, help="Reference date for relative time."),
             out: Optional[Path] = typer.Option(None, help="Write every verdict here (JSON)."),
             by_category: bool = typer.Option(True, help="Print the score of every category (or database).")):
    """Score execution accuracy on a Spider-format question file and print it by category."""
    from conversql.evaluation import evaluate_spider
    report = evaluate_spider(questions, databases, limit=limit, today=_parse_today(today) if today else None)
    for cat, (right, total) in sorted(report.by_category.items()) if by_category else []:
        console.print(f"  {cat:<28} {right:>5}/{total:<5} {100 * right / max(total, 1):5.1f}%")
    console.print(f"[bold]execution accuracy {report.right}/{report.total} = {report.accuracy:.1f}%[/bold]")
    if report.skipped:
        console.print(f"  skipped {len(report.skipped)} questions whose gold SQL does not run")
    for kind, n in report.failure_kinds.most_common():
        console.print(f"  failures: {kind:<20} {n}")
    if out:
        out.write_text(json.dumps(report.verdicts, indent=1, default=str))


# --- identity: API keys, tenants, grants (they work on the chat store at CONVERSQL_STORE_URL or --store) -------

keys_app = typer.Typer(no_args_is_help=True, help="API keys: create (shown once), list, revoke.")
tenants_app = typer.Typer(no_args_is_help=True, help="Tenants: create, list.")
grants_app = typer.Typer(no_args_is_help=True, help="Which sources of their tenant a user may use.")
app.add_typer(keys_app, name="keys")
app.add_typer(tenants_app, name="tenants")
app.add_typer(grants_app, name="grants")
audit_app = typer.Typer(no_args_is_help=True, help="The audit log: prune old rows.")
app.add_typer(audit_app, name="audit")

STORE_HELP = "Chat store URL (default: CONVERSQL_STORE_URL, else sqlite:///data/conversql.db)."


def _identity(store: Optional[str]):
    """The key and tenant tables of the configured chat store (migrated on open, as the server does)."""
    from conversql.auth.keys import KeyStore
    from conversql.auth.tenants import TenantStore
    from conversql.conversations.store import ChatStore
    from conversql.settings import Settings
    chat = ChatStore(store or Settings().store_url)
    return KeyStore(chat.engine), TenantStore(chat.engine)


def _check_owned(sources: list[str] | None, tenant: str) -> None:
    """As the admin API does: a key or grant may only name sources the configuration gives the tenant."""
    from conversql.auth.tenants import check_owned, owned_sources
    from conversql.conversations.store import DEFAULT_TENANT
    from conversql.settings import Settings
    settings = Settings()
    names = _engine(None, None).source_names()
    check_owned(sources, tenant, owned_sources(tenant, names, settings.source_tenants, DEFAULT_TENANT))


def _identity_errors(fn):
    """IdentityError (unknown tenant, bad name...) becomes a one-line message and exit code 1."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from conversql.auth.errors import IdentityError
        try:
            return fn(*args, **kwargs)
        except IdentityError as e:
            err.print(f"[red]{e}[/red]")
            raise typer.Exit(1) from None
    return wrapper


@keys_app.command("create")
@_identity_errors
def keys_create(tenant: str = typer.Option("default", help="The tenant the key acts for (must exist)."),
                user: str = typer.Option(..., help="The user the key acts for."),
                source: list[str] = typer.Option([], help="Limit the key to this source; repeat for several."),
                admin: bool = typer.Option(False, "--admin", help="May use the admin API."),
                name: str = typer.Option("", help="A label for people."),
                store: Optional[str] = typer.Option(None, help=STORE_HELP)):
    """Create an API key. The key goes to stdout, this once; the details go to stderr."""
    keys, _ = _identity(store)
    _check_owned(source or None, tenant)
    made = keys.create(tenant, user, name=name, sources=source or None, admin=admin)
    sys.stdout.write(made.secret + "\n")
    err.print(f"Created {made.key.id} for {user} of tenant {tenant}"
              f"{' (admin)' if admin else ''}{'; sources: ' + ', '.join(source) if source else ''}. "
              "Store the key now: it is not shown again.")


@keys_app.command("list")
@_identity_errors
def keys_list(tenant: Optional[str] = typer.Option(None, help="Only this tenant's keys."),
              store: Optional[str] = typer.Option(None, help=STORE_HELP)):
    """Every key (never the secret): id, prefix, tenant, user, sources, admin, created, last used, revoked."""
    keys, _ = _identity(store)
    rows = [("id", "prefix", "tenant", "user", "sources", "admin", "created", "last_used", "revoked", "name")]
    for k in keys.list(tenant):
        rows.append((k.id, k.prefix + "...", k.tenant_id, k.user_id,
                     "*" if k.sources is None else ",".join(sorted(k.sources)), "admin" if k.admin else "-",
                     _when(k.created_at), _when(k.last_used_at) or "-", _when(k.revoked_at) or "-", k.name or "-"))
    _print_columns(rows)


@keys_app.command("revoke")
@_identity_errors
def keys_revoke(key_id: str = typer.Argument(..., help="The key's id (key_...), as `keys list` shows it."),
                store: Optional[str] = typer.Option(None, help=STORE_HELP)):
    """Revoke a key: it stops working at once."""
    keys, _ = _identity(store)
    key = keys.revoke(key_id)
    console.print(f"Revoked {key.id} ({key.prefix}..., {key.user_id} of {key.tenant_id}).")


@tenants_app.command("create")
@_identity_errors
def tenants_create(tenant_id: str = typer.Argument(..., help="The tenant's id, as CONVERSQL_SOURCE_TENANTS names it."),
                   name: str = typer.Option("", help="A display name."),
                   store: Optional[str] = typer.Option(None, help=STORE_HELP)):
    """Create a tenant."""
    _, tenants = _identity(store)
    tenant = tenants.create(tenant_id, name=name)
    console.print(f"Created tenant {tenant.id} ({tenant.name}).")


@tenants_app.command("list")
@_identity_errors
def tenants_list(store: Optional[str] = typer.Option(None, help=STORE_HELP)):
    """Every tenant, with the sources the configuration assigns to it."""
    from conversql.settings import Settings
    owned: dict[str, list[str]] = {}
    for source, tenant in Settings().source_tenants.items():
        owned.setdefault(tenant, []).append(source)
    _, tenants = _identity(store)
    rows = [("id", "name", "sources")]
    for t in tenants.list():
        mine = ",".join(sorted(owned.get(t.id, [])))
        rows.append((t.id, t.name, mine + ("+unassigned" if t.id == "default" else "") if mine or t.id == "default"
                     else "-"))
    _print_columns(rows)


@grants_app.command("set")
@_identity_errors
def grants_set(tenant: str = typer.Argument(..., help="The user's tenant."),
               user: str = typer.Argument(..., help="The user."),
               source: list[str] = typer.Option(..., help="A source the user may use; repeat for several."),
               store: Optional[str] = typer.Option(None, help=STORE_HELP)):
    """Let the user use only these sources of their tenant (replaces any earlier grant)."""
    _, tenants = _identity(store)
    _check_owned(source, tenant)
    grant = tenants.grant(tenant, user, source)
    console.print(f"{user} of {tenant} may use: {', '.join(sorted(grant.sources))}")


@grants_app.command("clear")
@_identity_errors
def grants_clear(tenant: str = typer.Argument(..., help="The user's tenant."),
                 user: str = typer.Argument(..., help="The user."),
                 store: Optional[str] = typer.Option(None, help=STORE_HELP)):
    """Drop the user's grant: they may use every source of their tenant again."""
    _, tenants = _identity(store)
    done = tenants.ungrant(tenant, user)
    console.print(f"{user} of {tenant} may use every source of the tenant" + ("" if done else " (had no grant)"))


@grants_app.command("list")
@_identity_errors
def grants_list(tenant: Optional[str] = typer.Option(None, help="Only this tenant's grants."),
                store: Optional[str] = typer.Option(None, help=STORE_HELP)):
    """Every grant: users limited to some sources of their tenant."""
    _, tenants = _identity(store)
    _print_columns([("tenant", "user", "sources")]
                   + [(g.tenant_id, g.user_id, ",".join(sorted(g.sources))) for g in tenants.grants(tenant)])


@audit_app.command("prune")
def audit_prune(days: int = typer.Option(..., min=0, help="Delete audit rows older than this many days."),
                store: Optional[str] = typer.Option(None, help=STORE_HELP)):
    """Delete old audit-log rows (the log grows by one row per request)."""
    from datetime import datetime, timedelta, timezone

    from conversql.auth.audit import AuditLog
    from conversql.conversations.store import ChatStore
    from conversql.settings import Settings
    chat = ChatStore(store or Settings().store_url)
    gone = AuditLog(chat.engine).prune(datetime.now(timezone.utc) - timedelta(days=days))
    console.print(f"Deleted {gone} audit rows older than {days} days.")


def _when(dt) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M") if dt else ""


def _print_columns(rows: list[tuple[str, ...]]) -> None:
    """Plain aligned columns (not a rich table: they must stay greppable at any terminal width)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        sys.stdout.write("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() + "\n")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
