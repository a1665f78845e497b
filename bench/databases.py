"""The benchmarks' own databases: created, checked and dropped, never the project's."""

import contextlib
from pathlib import Path


def database_info(url: str) -> dict:
    import dj_database_url

    config = dj_database_url.parse(url)
    vendor = "postgresql" if "postgresql" in config["ENGINE"] else "sqlite"
    if vendor == "sqlite" and "sqlite" not in config["ENGINE"]:
        raise SystemExit(f"unsupported database: {url}")
    return {**config, "vendor": vendor}


@contextlib.contextmanager
def maintenance_connection(db: dict):
    import psycopg

    conn = psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    try:
        yield conn
    finally:
        conn.close()


def database_exists(db: dict) -> bool:
    if db["vendor"] == "sqlite":
        return Path(db["NAME"]).exists()
    with maintenance_connection(db) as conn:
        row = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
        ).fetchone()
        return row is not None


def drop_database(db: dict) -> None:
    if db["vendor"] == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(db["NAME"] + suffix).unlink(missing_ok=True)
        return
    import time

    from psycopg import errors, sql

    statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
        sql.Identifier(db["NAME"])
    )
    for attempt in range(20):
        try:
            with maintenance_connection(db) as conn:
                conn.execute(statement)
            return
        except (errors.InsufficientPrivilege, errors.ObjectInUse):
            # A backend of another role (an autovacuum worker) is still in the
            # database: FORCE may not terminate it; it leaves within moments.
            if attempt == 19:
                raise
            time.sleep(0.5)


def create_database(db: dict) -> None:
    if db["vendor"] == "sqlite":
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        return
    from psycopg import sql

    with maintenance_connection(db) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                sql.Identifier(db["NAME"])
            )
        )
