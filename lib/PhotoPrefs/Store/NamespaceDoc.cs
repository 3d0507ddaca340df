namespace PhotoPrefs.Store;

/// <summary>
/// The workspace layer: one SQLite database per workspace folder, its schema and versioned migrations, and one
/// store per table (photos, thumbnails, features and embeddings, clusterings, labels, models and predictions).
/// Every SQL statement of PhotoPrefs lives here. In: records and arrays from the stages. Out: the same, read back.
/// </summary>
internal static class NamespaceDoc
{
}
