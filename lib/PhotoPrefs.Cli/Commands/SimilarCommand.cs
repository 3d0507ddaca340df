using System.CommandLine;
using System.Globalization;

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs similar --workspace W (--photo PATH | --image FILE) [--top K] [--json]</c>.</summary>
internal static class SimilarCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var photo = new Option<string?>("--photo") { Description = "An album photo: its path in the album (as 'photoprefs info' lists it)." };
        var image = new Option<string?>("--image") { Description = "Any image file, in the album or not (search by image)." };
        var top = new Option<int>("--top", "-k") { Description = "How many photos to list (default 10).", DefaultValueFactory = _ => 10 }.Must(k => k >= 1, "must be at least 1");
        var json = CommonOptions.Json();
        var cmd = new Command("similar", "List the album's photos most like a photo or an image file, by cosine similarity of their embeddings.") { workspace, photo, image, top, json };
        cmd.SetAction((parse, ct) => CommonOptions.Guard(c =>
        {
            var (byPhoto, byImage, k) = (parse.GetValue(photo), parse.GetValue(image), parse.GetValue(top));
            if ((byPhoto is null) == (byImage is null))
            {
                throw new PhotoPrefsException("give either --photo PATH (a photo of the album) or --image FILE (any image)");
            }

            var album = CommonOptions.Open(parse.GetValue(workspace)!);
            var found = byPhoto is not null ? album.SimilarTo(byPhoto, k, c) : album.SimilarToImage(byImage!, k, c);
            foreach (var f in found)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{f.Similarity:F3}  {f.Path}"));
            }

            if (parse.GetValue(json))
            {
                CommonOptions.PrintJson(new SimilarJson([.. found.Select(f => new SimilarPhotoJson(f.Path, f.Similarity))]));
            }

            return 0;
        }, ct));
        return cmd;
    }
}
