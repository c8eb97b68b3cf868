namespace Bench.Functions.Tests;

/// <summary>The repository root, found from the test binaries by looking for the solution file.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Bench.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Bench.Functions.sln not found above {AppContext.BaseDirectory}");
    }
}
