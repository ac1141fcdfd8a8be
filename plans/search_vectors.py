"""Stored full-text search vectors on PostgreSQL, kept current by the database itself.

Search (indicators/search.py) used to compute `to_tsvector` for every candidate row at query
time. Actions, targets and progress updates now carry a `search_vector` column that a trigger
fills on every insert and on every update of the searched fields (so `bulk_create`, `update()`
and imports keep it current too), with a GIN index. The fields and their order match what search
asks for. SQLite has no tsvector: the column stays empty there and search keeps its word match.
"""

from typing import Any

# table: the searched columns (the same fields search uses, in the same order)
SEARCHED = {
    "plans_action": ["reference", "title", "outcome"],
    "plans_target": ["description", "target_period"],
    "plans_progressupdate": ["narrative", "risk", "rag_reason"],
}


def _document(columns: list[str], prefix: str = "") -> str:
    joined = " || ' ' || ".join(f"COALESCE({prefix}{column}, '')" for column in columns)
    return f"to_tsvector('english'::regconfig, {joined})"


def install(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in SEARCHED.items():
        schema_editor.execute(
            f"""CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger AS $$
            BEGIN NEW.search_vector := {_document(columns, "NEW.")}; RETURN NEW; END
            $$ LANGUAGE plpgsql"""
        )
        schema_editor.execute(
            f"CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE OF {', '.join(columns)} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_search_vector()"
        )
        schema_editor.execute(f"UPDATE {table} SET search_vector = {_document(columns)}")
        schema_editor.execute(f"CREATE INDEX {table}_search_gin ON {table} USING gin (search_vector)")


def uninstall(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_search_vector()")
