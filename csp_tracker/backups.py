"""Backups: the database and the stored files (evidence, generated reports) in one archive.

An archive is a gzipped tar holding `manifest.json` (which database engine, when, how many
records of each model), the database (`database.dump` from `pg_dump -Fc` on PostgreSQL, or
`database.sqlite3` written with SQLite's online backup API, safe while the site is in use) and
`media/` (everything under MEDIA_ROOT). Restoring replaces the database and the files with the
archive's, and refuses an archive made from the other engine.
"""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"


class BackupError(Exception):
    """The backup or restore could not be done; the message says why."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    engine: str
    records: int
    files: int


def record_counts() -> dict[str, int]:
    """How many records each model holds, by app label and model name."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else connection.vendor


def _pg_env_and_name() -> tuple[dict[str, str], str]:
    params = connection.settings_dict
    env = os.environ.copy()
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if params.get(key):
            env[variable] = str(params[key])
    return env, params["NAME"]


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed: install the PostgreSQL client tools.") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from error


def _database_into(folder: Path) -> Path:
    engine = _engine()
    if engine == "postgresql":
        env, name = _pg_env_and_name()
        target = folder / POSTGRES_DUMP
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", name], env)
        return target
    if engine == "sqlite":
        target = folder / SQLITE_COPY
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return target
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


def backup_create(*, output: Path) -> BackupSummary:
    """Write the archive to `output` (via a temporary file, so a failed backup leaves no
    half-written archive under that name)."""
    output = Path(output)
    media_root = Path(settings.MEDIA_ROOT)
    counts = record_counts()
    files = 0
    with tempfile.TemporaryDirectory() as work:
        database = _database_into(Path(work))
        engine = _engine()
        manifest = {
            "engine": engine,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "records": counts,
        }
        partial = output.with_name(output.name + ".partial")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                data = json.dumps(manifest, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
                archive.add(database, arcname=database.name)
                if media_root.is_dir():
                    for path in sorted(media_root.rglob("*")):
                        if path.is_file():
                            archive.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
                            files += 1
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
    return BackupSummary(path=output, engine=engine, records=sum(counts.values()), files=files)


def backup_manifest(archive_path: Path) -> dict:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            return json.loads(member.read())
    except (tarfile.TarError, KeyError, OSError, ValueError) as error:
        raise BackupError(f"{archive_path} is not a CSP Tracker backup ({error}).") from error


def backup_restore(*, archive_path: Path) -> BackupSummary:
    """Replace the database and MEDIA_ROOT with the archive's contents."""
    archive_path = Path(archive_path)
    manifest = backup_manifest(archive_path)
    engine = _engine()
    if manifest.get("engine") != engine:
        raise BackupError(f"This backup is of a {manifest.get('engine')} database; this site uses {engine}.")
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(folder, filter="data")  # refuses absolute paths and "..", links out
        if engine == "postgresql":
            env, name = _pg_env_and_name()
            connection.close()
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    f"--dbname={name}",
                ]
                + [str(folder / POSTGRES_DUMP)],
                env,
            )
        else:
            connection.ensure_connection()
            source = sqlite3.connect(folder / SQLITE_COPY)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        files = _media_replace(folder / MEDIA)
    return BackupSummary(
        path=archive_path, engine=engine, records=sum(manifest.get("records", {}).values()), files=files
    )


def _media_replace(source: Path) -> int:
    """Put the archived files in MEDIA_ROOT, in place of what is there."""
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists():
        for child in media_root.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    media_root.mkdir(parents=True, exist_ok=True)
    if not source.is_dir():
        return 0
    files = 0
    for path in source.rglob("*"):
        if path.is_file():
            target = media_root / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            files += 1
    return files
