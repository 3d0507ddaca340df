using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using PhotoPrefs.Imaging;
using PhotoPrefs.Store;

namespace PhotoPrefs.Albums;

/// <summary>Settings of <see cref="AlbumImporter"/>.</summary>
/// <param name="WorkingSide">Longest side of the decode every thumbnail is made from.</param>
/// <param name="ThumbnailSide">Longest side of the stored <c>thumb</c> JPEG (for features and display).</param>
/// <param name="ThumbnailQuality">JPEG quality of the stored <c>thumb</c>.</param>
/// <param name="Compression">Byte-target settings of the stored <c>compressed</c> JPEG.</param>
/// <param name="Limits">Decoder limits.</param>
/// <param name="MaxParallelism">Photos decoded at once (default: one per core).</param>
/// <param name="FastDecode">Decode JPEGs at reduced DCT scale (default); false decodes every pixel first.</param>
public sealed record ImportOptions(
    int WorkingSide = 512,
    int ThumbnailSide = 256,
    int ThumbnailQuality = 90,
    CompressionOptions? Compression = null,
    ImageLimits? Limits = null,
    int MaxParallelism = 0,
    bool FastDecode = true);

/// <summary>Progress of an import: files handled so far out of the total, and the last one.</summary>
/// <param name="Done">Files handled (imported, unchanged or skipped).</param>
/// <param name="Total">Files found in the album.</param>
/// <param name="Current">The album-relative path handled last.</param>
public readonly record struct ImportProgress(int Done, int Total, string Current);

/// <summary>What an import did.</summary>
/// <param name="Found">Image files found in the album.</param>
/// <param name="Added">New photos decoded and stored.</param>
/// <param name="Updated">Photos whose file changed and were decoded again.</param>
/// <param name="Moved">Photos recognised by content hash at a new path (labels kept).</param>
/// <param name="Unchanged">Photos already in the workspace with the same size and time.</param>
/// <param name="Skipped">Files and folders not imported, each with its reason.</param>
/// <param name="Missing">Photos in the workspace whose file is no longer in the album.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record ImportSummary(int Found, int Added, int Updated, int Moved, int Unchanged, IReadOnlyList<SkippedEntry> Skipped, int Missing, TimeSpan Elapsed);

/// <summary>
/// Imports an album folder into a <see cref="Workspace"/>: incremental (unchanged files are not read
/// again; a moved file is recognised by its SHA-256), parallel across cores, and resumable: every
/// photo is committed in its own transaction, so a process killed at any point leaves a consistent
/// database and the next run continues. Bad files never stop an import; each is recorded as skipped
/// with its reason. Album files are only ever opened for reading.
/// </summary>
public static class AlbumImporter
{
    /// <summary>
    /// How <c>photos.taken_at</c> is written: local time to the second, then the subseconds EXIF gives, without
    /// trailing zeros (none at all for a whole second).
    /// </summary>
    public const string TakenAtFormat = "yyyy-MM-ddTHH:mm:ss.FFFFFFF";

    /// <summary>Imports <paramref name="albumRoot"/> into <paramref name="workspace"/>.</summary>
    /// <param name="albumRoot">The album folder.</param>
    /// <param name="workspace">The open workspace.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="progress">Receives progress after each file; may be null.</param>
    /// <param name="cancellationToken">Stops the import between photos; what was committed stays.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="PhotoPrefsException">The album is missing, or the workspace cannot be written.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; everything committed before stays valid.</exception>
    public static ImportSummary Import(string albumRoot, Workspace workspace, ImportOptions? options = null, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        options ??= new ImportOptions();
        var started = DateTime.UtcNow;
        var (files, scanSkipped) = AlbumScanner.Scan(albumRoot, workspace.Directory);
        try
        {
            return Run(Path.GetFullPath(albumRoot), files, scanSkipped, workspace, options, progress, started, cancellationToken);
        }
        catch (SqliteException e)
        {
            throw Workspace.DescribeSqliteError(e, workspace.Directory);
        }
        catch (IOException e) when (e.HResult == 28 || e.Message.Contains("No space", StringComparison.OrdinalIgnoreCase))
        {
            throw new PhotoPrefsException($"disk full while importing into {workspace.Directory}: free some space and run the import again (what was imported is kept)", e);
        }
    }

    private static ImportSummary Run(string albumRoot, IReadOnlyList<AlbumEntry> files, IReadOnlyList<SkippedEntry> scanSkipped, Workspace workspace, ImportOptions options, IProgress<ImportProgress>? progress, DateTime started, CancellationToken ct)
    {
        using var db = workspace.Connect();
        // The labeling page reads the originals from here (read-only) to show them at full resolution.
        MetaStore.SetAlbumRoot(db, albumRoot);
        var existing = PhotoImportStore.States(db);
        var present = new HashSet<string>(files.Select(f => f.RelativePath), StringComparer.Ordinal);
        foreach (var s in scanSkipped)
        {
            present.Add(s.RelativePath);
        }

        // Photos whose path vanished from the album: a new file with the same hash is the same photo, moved.
        var vanishedByHash = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (path, row) in existing)
        {
            if (!present.Contains(path) && row.Hash is not null && row.Status != "skipped")
            {
                vanishedByHash.TryAdd(row.Hash, row.Id);
            }
        }

        var writeLock = new Lock();
        int done = 0, added = 0, updated = 0, moved = 0, unchanged = 0;
        var skipped = new ConcurrentBag<SkippedEntry>(scanSkipped);
        lock (writeLock)
        {
            foreach (var s in scanSkipped)
            {
                PhotoImportStore.RecordSkipped(db, s.RelativePath, 0, "", s.Reason);
            }
        }

        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.MaxParallelism > 0 ? options.MaxParallelism : Environment.ProcessorCount,
            CancellationToken = ct,
        };
        // Photos are prepared in parallel, a chunk at a time, and written in the files' (sorted) order after each
        // chunk: a fresh import numbers the photos by path whichever thread finishes first, so the row order
        // that clustering and the study start from is the same on every machine.
        int chunk = Math.Max(1, parallel.MaxDegreeOfParallelism) * 8;
        for (int start = 0; start < files.Count; start += chunk)
        {
            int count = Math.Min(chunk, files.Count - start);
            var writes = new List<Action>?[count];
            try
            {
                Parallel.For(0, count, parallel, i =>
                {
                    var file = files[start + i];
                    var pending = new List<Action>();
                    var outcome = ImportOne(file, existing, vanishedByHash, db, writeLock, options, pending);
                    writes[i] = pending;
                    switch (outcome.Kind)
                    {
                        case OutcomeKind.Added: Interlocked.Increment(ref added); break;
                        case OutcomeKind.Updated: Interlocked.Increment(ref updated); break;
                        case OutcomeKind.Moved: Interlocked.Increment(ref moved); break;
                        case OutcomeKind.Unchanged: Interlocked.Increment(ref unchanged); break;
                        default: skipped.Add(new SkippedEntry(file.RelativePath, outcome.Reason!)); break;
                    }

                    progress?.Report(new ImportProgress(Interlocked.Increment(ref done), files.Count, file.RelativePath));
                });
            }
            finally
            {
                // Also when cancelled or failed: what was prepared is kept.
                foreach (var pending in writes)
                {
                    foreach (var write in pending ?? [])
                    {
                        write();
                    }
                }
            }
        }

        int missing;
        lock (writeLock)
        {
            var stillPresent = PhotoImportStore.States(db);
            missing = 0;
            foreach (var (path, row) in stillPresent)
            {
                if (!present.Contains(path) && row.Status != "missing")
                {
                    PhotoImportStore.MarkMissing(db, row.Id);
                    missing++;
                }
                else if (!present.Contains(path))
                {
                    missing++;
                }
            }

            PhotoImportStore.StampLastImport(db);
        }

        var skippedList = skipped.OrderBy(s => s.RelativePath, StringComparer.Ordinal).ToList();
        return new ImportSummary(files.Count, added, updated, moved, unchanged, skippedList, missing, DateTime.UtcNow - started);
    }

    private enum OutcomeKind
    {
        Added,
        Updated,
        Moved,
        Unchanged,
        Skipped,
    }

    private readonly record struct Outcome(OutcomeKind Kind, string? Reason = null);

    private static Outcome ImportOne(AlbumEntry file, Dictionary<string, PhotoFileState> existing, ConcurrentDictionary<string, long> vanishedByHash, SqliteConnection db, Lock writeLock, ImportOptions options, List<Action> writes)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(file.FullPath);
            _ = info.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Skip(file, 0, "", "file not readable: " + e.Message, db, writes);
        }

        var modified = info.LastWriteTimeUtc.ToString("o", CultureInfo.InvariantCulture);
        existing.TryGetValue(file.RelativePath, out var row);
        if (row is not null && row.Bytes == info.Length && row.ModifiedAt == modified && row.Status != "missing" && (row.Complete || row.Status == "skipped"))
        {
            return row.Status == "skipped" ? new Outcome(OutcomeKind.Skipped, SkipReason(db, writeLock, row.Id)) : new Outcome(OutcomeKind.Unchanged);
        }

        var limits = options.Limits ?? ImageLimits.Default;
        if (info.Length > limits.MaxFileBytes)
        {
            return Skip(file, info.Length, modified, $"file is {info.Length / (1 << 20)} MiB, over the limit of {limits.MaxFileBytes / (1 << 20)} MiB", db, writes);
        }

        byte[] data;
        try
        {
            // Read-only, and others may keep reading: the album is never touched.
            using var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            data = new byte[stream.Length];
            stream.ReadExactly(data);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Skip(file, info.Length, modified, "file not readable: " + e.Message, db, writes);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(data));
        if (row is not null && row.Hash == hash && row.Status == "ok" && row.Complete)
        {
            writes.Add(() => PhotoImportStore.Touch(db, row.Id, info.Length, modified));

            return new Outcome(OutcomeKind.Unchanged);
        }

        if (row is null && vanishedByHash.TryRemove(hash, out var movedId))
        {
            writes.Add(() => PhotoImportStore.Move(db, movedId, file.RelativePath, info.Length, modified));

            return new Outcome(OutcomeKind.Moved);
        }

        Prepared prepared;
        try
        {
            prepared = Prepare(data, options, file.RelativePath, info.LastWriteTime);
        }
        catch (ImageDecodeException e)
        {
            return Skip(file, info.Length, modified, e.Message, db, writes, hash);
        }

        writes.Add(() => Store(db, file.RelativePath, info.Length, modified, hash, prepared, row?.Id));

        return new Outcome(row is null ? OutcomeKind.Added : OutcomeKind.Updated);
    }

    private static string SkipReason(SqliteConnection db, Lock writeLock, long id)
    {
        lock (writeLock)
        {
            return PhotoImportStore.SkipReason(db, id);
        }
    }

    private static Outcome Skip(AlbumEntry file, long bytes, string modified, string reason, SqliteConnection db, List<Action> writes, string? hash = null)
    {
        writes.Add(() => PhotoImportStore.RecordSkipped(db, file.RelativePath, bytes, modified, reason, hash));

        return new Outcome(OutcomeKind.Skipped, reason);
    }

    private sealed record Prepared(PhotoHeader Header, DateTime TakenAt, string TakenAtSource, byte[] Thumb, int ThumbW, int ThumbH, int ThumbQuality, CompressionResult Compressed, byte[] Detail, int DetailW, int DetailH);

    private static Prepared Prepare(byte[] data, ImportOptions options, string path, DateTime fileTime)
    {
        using var photo = PhotoDecoder.Decode(data, options.WorkingSide, options.FastDecode, options.Limits);
        var (thumbBytes, thumbW, thumbH) = Thumbnail(photo.Image, options);
        using var detail = (ImageMagick.MagickImage)photo.Image.Clone();
        detail.Grayscale();
        var detailBytes = ByteTargetCompressor.Encode(detail, ThumbnailKinds.DetailQuality);
        var compressed = ByteTargetCompressor.Compress(photo.Image, options.Compression);
        // EXIF first, then a date in the file name, then the file's own time (which copies reset).
        var (taken, source) = photo.Header.TakenAt is { } exif ? (exif, "exif")
            : FileNameDate.TryParse(path, out var named) ? (named, "filename")
            : (fileTime, "file");
        return new Prepared(photo.Header, taken, source, thumbBytes, thumbW, thumbH, options.ThumbnailQuality, compressed, detailBytes, (int)detail.Width, (int)detail.Height);
    }

    /// <summary>The stored <c>thumb</c> of an upright decoded photo: at most <see cref="ImportOptions.ThumbnailSide"/> on its longer side, as JPEG.</summary>
    /// <param name="image">The decoded photo (not changed).</param>
    /// <param name="options">Import settings.</param>
    /// <returns>The JPEG bytes and the thumbnail's size.</returns>
    internal static (byte[] Jpeg, int Width, int Height) Thumbnail(ImageMagick.IMagickImage<byte> image, ImportOptions options)
    {
        using var thumb = image.Clone();
        if (thumb.Width > options.ThumbnailSide || thumb.Height > options.ThumbnailSide)
        {
            thumb.Resize(new ImageMagick.MagickGeometry((uint)options.ThumbnailSide, (uint)options.ThumbnailSide));
        }

        return (ByteTargetCompressor.Encode(thumb, options.ThumbnailQuality), (int)thumb.Width, (int)thumb.Height);
    }

    private static void Store(SqliteConnection db, string path, long bytes, string modified, string hash, Prepared p, long? existingId)
    {
        var photo = new ImportedPhoto(path, bytes, modified, hash, p.Header.Format, p.Header.Width, p.Header.Height, p.Header.Orientation,
            p.TakenAt.ToString(TakenAtFormat, CultureInfo.InvariantCulture), p.TakenAtSource, p.Header.Camera);
        PhotoImportStore.Save(db, photo,
        [
            new ThumbnailImage(ThumbnailKinds.Thumb, p.ThumbW, p.ThumbH, p.ThumbQuality, p.Thumb),
            new ThumbnailImage(ThumbnailKinds.Compressed, p.Compressed.Width, p.Compressed.Height, p.Compressed.Quality, p.Compressed.Bytes),
            new ThumbnailImage(ThumbnailKinds.Detail, p.DetailW, p.DetailH, ThumbnailKinds.DetailQuality, p.Detail),
        ], existingId);
    }
}
