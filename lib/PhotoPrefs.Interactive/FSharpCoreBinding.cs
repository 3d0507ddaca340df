using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace PhotoPrefs.Interactive;

/// <summary>
/// One FSharp.Core for Plotly.NET and Giraffe.ViewEngine in notebook kernels. A kernel (dotnet-interactive) carries
/// its own FSharp.Core; Giraffe.ViewEngine binds to it, while Plotly.NET asks for a newer version. Had this library's
/// folder a second FSharp.Core, Plotly.NET would take that one and their F# types would not match
/// ("Method not found: Giraffe.ViewEngine.HtmlElements.get_div()"). So the folder holds none (see the project file),
/// and a request no one else answers gets the FSharp.Core the process already has.
/// </summary>
internal static class FSharpCoreBinding
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "Kernels load this library with #r; the binding must be in place before any chart type loads.")]
    internal static void Install() => AppDomain.CurrentDomain.AssemblyResolve += Resolve;

    private static Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        if (new AssemblyName(args.Name).Name != "FSharp.Core")
        {
            return null;
        }

        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "FSharp.Core");
        if (loaded is not null)
        {
            return loaded;
        }

        try
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("FSharp.Core"));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
