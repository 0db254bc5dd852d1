"""The database side of search: the indexes articles.search queries.

SQLite: two FTS5 tables over articles_commentary (external content, so the
text is stored once) kept in step by triggers. SQLite remakes a table for
some schema changes, which drops its triggers: install() is idempotent and
runs after every migrate (ArticlesConfig), rebuilding the indexes if a
trigger was missing. Before migration 0014 there is nothing to index.

PostgreSQL: a generated tsvector column with a GIN index, and a pg_trgm GIN
index for substrings; the database keeps both in step by itself.
"""

SQLITE_TRIGGERS = {
    "articles_commentary_search_insert": """
        CREATE TRIGGER articles_commentary_search_insert
        AFTER INSERT ON articles_commentary BEGIN
          INSERT INTO articles_commentary_words(rowid, search_title, search_text)
          VALUES (new.id, new.search_title, new.search_text);
          INSERT INTO articles_commentary_grams(rowid, search_unspaced)
          VALUES (new.id, new.search_unspaced);
        END""",
    "articles_commentary_search_delete": """
        CREATE TRIGGER articles_commentary_search_delete
        AFTER DELETE ON articles_commentary BEGIN
          INSERT INTO articles_commentary_words(
            articles_commentary_words, rowid, search_title, search_text)
          VALUES ('delete', old.id, old.search_title, old.search_text);
          INSERT INTO articles_commentary_grams(
            articles_commentary_grams, rowid, search_unspaced)
          VALUES ('delete', old.id, old.search_unspaced);
        END""",
    "articles_commentary_search_update": """
        CREATE TRIGGER articles_commentary_search_update
        AFTER UPDATE OF search_title, search_text, search_unspaced
        ON articles_commentary BEGIN
          INSERT INTO articles_commentary_words(
            articles_commentary_words, rowid, search_title, search_text)
          VALUES ('delete', old.id, old.search_title, old.search_text);
          INSERT INTO articles_commentary_grams(
            articles_commentary_grams, rowid, search_unspaced)
          VALUES ('delete', old.id, old.search_unspaced);
          INSERT INTO articles_commentary_words(rowid, search_title, search_text)
          VALUES (new.id, new.search_title, new.search_text);
          INSERT INTO articles_commentary_grams(rowid, search_unspaced)
          VALUES (new.id, new.search_unspaced);
        END""",
}
SQLITE_TABLES = [
    # Words without diacritics (the text is folded already; this also folds
    # what a future fold() might miss).
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_commentary_words USING fts5("
    "search_title, search_text, content='articles_commentary', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    # Substrings of text written without spaces (Chinese, Japanese, Korean).
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_commentary_grams USING fts5("
    "search_unspaced, content='articles_commentary', content_rowid='id', "
    "tokenize='trigram')",
    # Fragments shorter than a trigram read only the pieces with such text.
    "CREATE INDEX IF NOT EXISTS articles_commentary_unspaced_idx "
    "ON articles_commentary(search_unspaced) WHERE search_unspaced != ''",
]
POSTGRES_INSTALL = [
    ("pg_trgm", "CREATE EXTENSION IF NOT EXISTS pg_trgm"),
    (
        "search_vector",
        "ALTER TABLE articles_commentary ADD COLUMN IF NOT EXISTS search_vector "
        "tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple'::regconfig, search_title), 'A') || "
        "setweight(to_tsvector('simple'::regconfig, search_text), 'B')) STORED",
    ),
    (
        "articles_commentary_search_vector_idx",
        "CREATE INDEX IF NOT EXISTS articles_commentary_search_vector_idx "
        "ON articles_commentary USING GIN (search_vector)",
    ),
    (
        "articles_commentary_search_unspaced_idx",
        "CREATE INDEX IF NOT EXISTS articles_commentary_search_unspaced_idx "
        "ON articles_commentary USING GIN (search_unspaced gin_trgm_ops)",
    ),
]
POSTGRES_UNINSTALL = [
    "DROP INDEX IF EXISTS articles_commentary_search_unspaced_idx",
    "DROP INDEX IF EXISTS articles_commentary_search_vector_idx",
    "ALTER TABLE articles_commentary DROP COLUMN IF EXISTS search_vector",
]


def install(connection):
    """Create what is missing of the search indexes (safe to run again)."""
    if connection.vendor not in {"postgresql", "sqlite"}:
        return
    with connection.cursor() as cursor:
        if "articles_commentary" not in connection.introspection.table_names(cursor):
            return
        columns = {
            column.name
            for column in connection.introspection.get_table_description(
                cursor, "articles_commentary"
            )
        }
        if "search_unspaced" not in columns:
            return  # Migrated back before the search columns: nothing to index.
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'articles_commentary'"
            )
            present = columns | {row[0] for row in cursor.fetchall()}
            for name, statement in POSTGRES_INSTALL:
                # Only what is missing: ALTER TABLE and CREATE INDEX, even
                # with nothing to do, lock the table.
                if name not in present:
                    cursor.execute(statement)
            return
        for statement in SQLITE_TABLES:
            cursor.execute(statement)
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
        missing = [name for name in SQLITE_TRIGGERS if name not in present]
        for name in missing:
            cursor.execute(SQLITE_TRIGGERS[name])
        if missing:
            rebuild(connection)


def rebuild(connection):
    """Re-read every row into the SQLite indexes (after writes that skipped them)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in ("articles_commentary_words", "articles_commentary_grams"):
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")


def uninstall(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in POSTGRES_UNINSTALL:
                cursor.execute(statement)
        elif connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            for table in ("articles_commentary_words", "articles_commentary_grams"):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute("DROP INDEX IF EXISTS articles_commentary_unspaced_idx")
