using System.CommandLine;
using PhotoPrefs.Embeddings;
using PhotoPrefs.Features;
using PhotoPrefs.Store;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs features --workspace W [--kinds hog,pca,…]</c>.</summary>
internal static class FeaturesCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var kinds = new Option<string>("--kinds")
        {
            Description = $"Comma-separated kinds ({string.Join(", ", FeatureKinds.All)}); default all.",
            DefaultValueFactory = _ => string.Join(',', FeatureKinds.All),
        };
        var noEmbeddings = new Option<bool>("--no-embeddings") { Description = "Skip the pretrained image embeddings (ResNet18, what a photo shows)." };
        var cmd = new Command("features", "Compute and cache features and image embeddings for every imported photo (only what is missing).") { workspace, kinds, noEmbeddings };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(_ => Task.FromResult(Run(parse.GetValue(workspace)!, parse.GetValue(kinds)!, !parse.GetValue(noEmbeddings), ct)), ct));
        return cmd;
    }

    internal static int Run(string workspace, string kinds, bool embeddings, CancellationToken ct)
    {
        var ws = Workspace.Open(workspace, create: false);
        var list = kinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var started = DateTime.UtcNow;
        int computed = 0;
        CommonOptions.WithProgress("features", report =>
            computed = FeatureExtraction.Compute(ws, list, new Progress<FeatureProgress>(p => report(p.Done, p.Total)), ct));
        Console.WriteLine($"features: {computed} values computed for {string.Join(", ", list)} in {(DateTime.UtcNow - started).TotalSeconds:F1} s (the rest were cached)");
        if (embeddings)
        {
            started = DateTime.UtcNow;
            int embedded = 0;
            CommonOptions.WithProgress("embeddings", report =>
                embedded = EmbeddingExtraction.Compute(ws, null, new Progress<FeatureProgress>(p => report(p.Done, p.Total)), ct));
            Console.WriteLine($"features: {embedded} embeddings computed in {(DateTime.UtcNow - started).TotalSeconds:F1} s (the rest were cached)");
            started = DateTime.UtcNow;
            CommonOptions.WithProgress("embedding views", report =>
                embedded = SemiSupervised.EmbeddingViews.Compute(ws, null, new Progress<FeatureProgress>(p => report(p.Done, p.Total)), ct));
            Console.WriteLine($"features: {embedded} photos' weak and strong views embedded for training in {(DateTime.UtcNow - started).TotalSeconds:F1} s (the rest were cached)");
        }

        return 0;
    }
}
