using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Bench.Pipeline.DuckDb;

/// <summary>
/// Finds libduckdb.so. The runtime's own probing already looks in the application directory first (where
/// the build copies it) and then the system search path; this adds AppContext.BaseDirectory as a last
/// resort and turns "not found" into a message that says where we looked and how to get the library.
/// </summary>
/// <remarks>
/// Uses the load context's ResolvingUnmanagedDll event rather than NativeLibrary.SetDllImportResolver:
/// that one can be set only once per assembly, and Bench.Pipeline hosts other native wrappers (HDF5).
/// </remarks>
internal static class DuckDbNativeLibrary
{
    internal const string FileName = "libduckdb.so";

    private static int s_registered;

    internal static void EnsureResolverRegistered()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 1)
        {
            return;
        }

        var assembly = typeof(DuckDbNativeLibrary).Assembly;
        var context = AssemblyLoadContext.GetLoadContext(assembly) ?? AssemblyLoadContext.Default;
        context.ResolvingUnmanagedDll += Resolve;
    }

    private static nint Resolve(Assembly assembly, string libraryName)
    {
        if (assembly != typeof(DuckDbNativeLibrary).Assembly || libraryName != Interop.DuckDb.Library)
        {
            return 0;
        }

        var candidate = Path.Combine(AppContext.BaseDirectory, FileName);
        return NativeLibrary.TryLoad(candidate, out var handle) ? handle : 0;
    }

    /// <summary>The message for a missing or unloadable libduckdb.so; the loader's details stay in the inner exception.</summary>
    internal static string DescribeLoadFailure() =>
        $"{FileName} could not be loaded from {AppContext.BaseDirectory} or the system library path. Building " +
        "Bench.Pipeline on linux-x64 fetches the pinned DuckDB 1.5.6 into .native/duckdb/ and copies it next to " +
        "every referencing assembly";
}
