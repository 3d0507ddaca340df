using System.CommandLine;
using PhotoPrefs.Features;
using PhotoPrefs.Pipeline;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs features --workspace W [--kinds hog,pca,…] [--no-embeddings]</c>: stage 2.</summary>
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
        cmd.SetAction((parse, ct) => CommonOptions.Guard(c =>
        {
            var list = parse.GetValue(kinds)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var run = CommonOptions.Open(parse.GetValue(workspace)!).ComputeFeatures(new FeatureOptions(list, Embeddings: !parse.GetValue(noEmbeddings)), c);
            Console.WriteLine($"features: {run.Values} values computed for {string.Join(", ", list)} (the rest were cached)");
            if (!parse.GetValue(noEmbeddings))
            {
                Console.WriteLine($"features: {run.Embeddings} embeddings computed (the rest were cached)");
                Console.WriteLine($"features: {run.Views} photos' weak and strong views embedded for training (the rest were cached)");
            }

            Console.WriteLine($"features: {run.Elapsed.TotalSeconds:F1} s");
            return 0;
        }, ct));
        return cmd;
    }
}
