namespace PhotoPrefs.Testing;

/// <summary>Files of the committed sample album in data-sample/, found above the test's build folder.</summary>
internal static class SampleAlbumFiles
{
    /// <summary>The full path of a file of the sample album.</summary>
    /// <param name="relative">Its path inside <c>data-sample/album</c>, such as <c>Camera/IMG_20230730_144921.jpg</c>.</param>
    /// <returns>The path (the file is not checked).</returns>
    /// <exception cref="DirectoryNotFoundException">No data-sample folder above the build folder.</exception>
    public static string Path(string relative) =>
        System.IO.Path.Combine(PhotoPrefs.Sample.DataSampleFolder.Find(AppContext.BaseDirectory) ?? throw new DirectoryNotFoundException("data-sample"), "album", relative);
}
