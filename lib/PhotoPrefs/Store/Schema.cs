namespace PhotoPrefs.Store;

/// <summary>
/// The workspace schema as an ordered list of migrations. Migration <c>i</c> moves a database from
/// version <c>i</c> to <c>i + 1</c>; the version lives in SQLite's <c>PRAGMA user_version</c>.
/// Later stages append migrations here; existing ones never change.
/// </summary>
internal static class Schema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE photos(
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            content_hash TEXT,
            bytes INTEGER NOT NULL,
            modified_at TEXT NOT NULL,
            format TEXT,
            width INTEGER,
            height INTEGER,
            orientation INTEGER,
            taken_at TEXT,
            taken_at_source TEXT,
            camera TEXT,
            status TEXT NOT NULL CHECK (status IN ('ok', 'skipped', 'missing')),
            skip_reason TEXT,
            imported_at TEXT NOT NULL);
        CREATE INDEX photos_hash ON photos(content_hash);
        CREATE TABLE thumbnails(
            photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            quality INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (photo_id, kind));
        CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
        CREATE TABLE labels(
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
            label TEXT NOT NULL CHECK (label IN ('keep', 'delete')),
            source TEXT NOT NULL,
            labeled_at TEXT NOT NULL,
            PRIMARY KEY (user_id, photo_id));
        CREATE TABLE label_events(
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
            label TEXT CHECK (label IS NULL OR label IN ('keep', 'delete')),
            source TEXT NOT NULL,
            at TEXT NOT NULL);
        CREATE TABLE features(
            photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            version INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (photo_id, kind));
        CREATE TABLE models(
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            created_at TEXT NOT NULL,
            meta_json TEXT NOT NULL,
            data BLOB NOT NULL);
        CREATE TABLE predictions(
            model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
            photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
            p_delete REAL NOT NULL,
            PRIMARY KEY (model_id, photo_id));
        """,
        """
        CREATE TABLE feature_models(
            kind TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            data BLOB NOT NULL);
        CREATE TABLE clusterings(
            id INTEGER PRIMARY KEY,
            features TEXT NOT NULL,
            k INTEGER NOT NULL,
            seed INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            sweep_json TEXT NOT NULL);
        CREATE TABLE cluster_members(
            clustering_id INTEGER NOT NULL REFERENCES clusterings(id) ON DELETE CASCADE,
            photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
            cluster INTEGER NOT NULL,
            representative_rank INTEGER,
            PRIMARY KEY (clustering_id, photo_id));
        """,
        """
        CREATE INDEX clusterings_features ON clusterings(features, id);
        CREATE INDEX models_user_kind ON models(user_id, kind, id);
        """,
    ];

    /// <summary>The version a fully migrated database has.</summary>
    public static int CurrentVersion => Migrations.Length;
}
