using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Features;
using PhotoPrefs.Store;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs similar --workspace W (--photo PATH | --image FILE) [--top K] [--json]</c>.</summary>
internal static class SimilarCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var photo = new Option<string?>("--photo") { Description = "An album photo: its path in the album (as 'photoprefs info' lists it)." };
        var image = new Option<string?>("--image") { Description = "Any image file, in the album or not (search by image)." };
        var top = new Option<int>("--top", "-k") { Description = "How many photos to list (default 10).", DefaultValueFactory = _ => 10 };
        var json = CommonOptions.Json();
        var cmd = new Command("similar", "List the album's photos most like a photo or an image file, by cosine similarity of their embeddings.") { workspace, photo, image, top, json };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(c => Task.FromResult(Run(parse.GetValue(workspace)!, parse.GetValue(photo), parse.GetValue(image), parse.GetValue(top), parse.GetValue(json), c)), ct));
        return cmd;
    }

    internal static int Run(string workspace, string? photo, string? image, int top, bool json, CancellationToken ct)
    {
        if ((photo is null) == (image is null))
        {
            throw new PhotoPrefsException("give either --photo PATH (a photo of the album) or --image FILE (any image)");
        }

        if (top < 1)
        {
            throw new PhotoPrefsException($"--top must be at least 1, got {top}");
        }

        var ws = Workspace.Open(workspace, create: false);
        using var embedder = new ImageEmbedder();
        // Embeddings missing (new photos, or 'features' not run yet) are computed first.
        CommonOptions.WithProgress("embeddings", report =>
            EmbeddingExtraction.Compute(ws, embedder, new Progress<FeatureProgress>(p => report(p.Done, p.Total)), ct));
        long? self = null;
        float[] query;
        if (photo is not null)
        {
            var key = photo.Replace('\\', '/');
            if (!LabelStore.PhotoIdsByPath(ws).TryGetValue(key, out var id))
            {
                throw new PhotoPrefsException($"no photo '{photo}' in the workspace (give its path in the album, as 'photoprefs info' lists it; --image takes any file)");
            }

            self = id;
            query = FeatureStore.GetEmbedding(ws, id) ?? throw new PhotoPrefsException($"'{photo}' has no embedding: run 'photoprefs features'");
        }
        else
        {
            query = EmbeddingExtraction.EmbedFile(embedder, image!);
        }

        var found = SimilarPhotos.Find(ws, query, top, self);
        foreach (var f in found)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{f.Similarity:F3}  {f.Path}"));
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { results = found.Select(f => new { path = f.Path, similarity = f.Similarity }) }, CommonOptions.JsonOptions));
        }

        return 0;
    }
}
