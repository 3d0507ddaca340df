using System.Diagnostics;
using PhotoPrefs.Sample;

namespace PhotoPrefs.Benchmarks;

/// <summary>The scripts in <c>tests/tools/</c> that unpack a suite's photographs and print the folder holding them.</summary>
internal static class ToolScript
{
    /// <summary>Runs <c>tests/tools/SCRIPT</c> and returns the folder it prints.</summary>
    /// <param name="script">The script's file name.</param>
    /// <param name="why">What is missing when it fails, for the error.</param>
    /// <returns>The folder.</returns>
    /// <exception cref="InvalidOperationException">The script failed or printed no folder.</exception>
    public static string Folder(string script, string why)
    {
        var root = DataSampleFolder.Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory) is { } ds ? Path.GetDirectoryName(ds)! : ".";
        var psi = new ProcessStartInfo("bash", [Path.Combine(root, "tests", "tools", script)]) { RedirectStandardOutput = true };
        using var process = Process.Start(psi)!;
        var folder = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        if (process.ExitCode != 0 || !Directory.Exists(folder))
        {
            throw new InvalidOperationException($"tests/tools/{script} failed: {why}");
        }

        return folder;
    }
}
