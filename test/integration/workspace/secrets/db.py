"""Database access."""
import os

DATABASE_URL = "postgres://admin:S3cr3tPassw0rd@db.example.com:5432/app"


def connect():
    return os.environ.get("DB", DATABASE_URL)
