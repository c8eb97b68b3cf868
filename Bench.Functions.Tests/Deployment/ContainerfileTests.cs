using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Bench.Functions.Tests.Hdf5;
using Bench.Functions.Tests.Hosting;

namespace Bench.Functions.Tests.Deployment;

/// <summary>
/// The two Containerfiles, read without a container engine: what they copy exists in the build
/// context, the build has what the projects need, and the images run what the publish produces, as
/// the user and on the port the manifests expect.
/// </summary>
public sealed partial class ContainerfileTests
{
    private static readonly DockerIgnore Ignore = new(Path.Combine(RepoFiles.Root, ".dockerignore"));

    public static TheoryData<string> Files() => new("Containerfile", "Containerfile.functions");

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryCopiedSourceIsInTheBuildContextAndEveryStageCopiedFromExists(string file)
    {
        var stages = Containerfile.Parse(Path.Combine(RepoFiles.Root, file));
        for (var i = 0; i < stages.Count; i++)
        {
            foreach (var copy in stages[i].Instructions.Where(x => x.Keyword is "COPY" or "ADD"))
            {
                if (copy.Flags.TryGetValue("from", out var from))
                {
                    Assert.Contains(from, stages.Take(i).Select(s => s.Name));
                    continue;
                }

                foreach (var source in copy.Arguments.SkipLast(1))
                {
                    var path = Path.Combine(RepoFiles.Root, source);
                    Assert.True(File.Exists(path) || Directory.Exists(path), $"{file}: COPY source {source} does not exist");
                    var files = File.Exists(path) ? [path] : Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories);
                    Assert.True(
                        files.Any(f => !Ignore.Excludes(Path.GetRelativePath(RepoFiles.Root, f).Replace('\\', '/'))),
                        $"{file}: COPY source {source} is left out of the build context by .dockerignore");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void TheBuildStageHasEverythingTheProjectsReferenceBeforeItRestores(string file)
    {
        var build = BuildStage(file);
        var restore = build.Instructions.FindIndex(i => i.Keyword == "RUN" && i.Arguments[0].Contains("dotnet restore", StringComparison.Ordinal));
        Assert.True(restore > 0, $"{file}: no dotnet restore");
        var copied = build.Instructions.Take(restore).Where(i => i.Keyword == "COPY").SelectMany(i => i.Arguments.SkipLast(1)).ToList();

        foreach (var needed in ProjectInputs())
        {
            Assert.True(copied.Any(c => needed == c.TrimEnd('/') || needed.StartsWith(c.TrimEnd('/') + "/", StringComparison.Ordinal)),
                $"{file}: {needed} is needed by the restore but copied after it, or not at all");
            Assert.False(Ignore.Excludes(needed), $"{needed} is excluded by .dockerignore");
        }

        // libduckdb comes with the DuckDB.NET NuGet package: the build needs nothing but the SDK.
        Assert.DoesNotContain(build.All("RUN"), r => Regex.IsMatch(r.Arguments[0], @"\bnpm\b"));

        using var globalJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root, "global.json")));
        var major = globalJson.RootElement.GetProperty("sdk").GetProperty("version").GetString()!.Split('.')[0];
        Assert.StartsWith($"mcr.microsoft.com/dotnet/sdk:{major}.", build.Image, StringComparison.Ordinal);
    }

    [Fact]
    public void TheAppImageRunsThePublishedAssemblyAsTheUserAndOnThePortTheDeploymentsExpect()
    {
        var stages = Containerfile.Parse(Path.Combine(RepoFiles.Root, "Containerfile"));
        var runtime = stages[^1];
        var assembly = AssemblyName() + ".dll";
        Assert.Equal(["dotnet", assembly], runtime.All("ENTRYPOINT").Single().Arguments);
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, assembly)), $"{assembly} is not what the build produces");
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", runtime.Image, StringComparison.Ordinal);

        // The publish output lands in the working directory the entrypoint runs in.
        var output = PublishOutput(BuildStage("Containerfile"));
        var copy = runtime.All("COPY").Single(c => c.Flags.GetValueOrDefault("from") == "build");
        Assert.Equal(output, copy.Arguments[0]);
        Assert.Equal("/app", runtime.All("WORKDIR").Single().Arguments[0]);
        Assert.True(copy.Arguments[1] is "./" or "." or "/app" or "/app/");

        var user = runtime.All("USER").Single().Arguments[0].Split(':');
        Assert.All(user, id => Assert.Matches("^[1-9][0-9]*$", id));
        var cmd = runtime.All("CMD").Single().Arguments;
        var exposed = runtime.All("EXPOSE").Single().Arguments[0];
        Assert.Equal("serve", cmd[0]);
        Assert.Equal(exposed, new Uri(cmd[cmd.ToList().IndexOf("--urls") + 1]).Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        foreach (var workload in Keda.Dev().Where(o => o.Kind == "Deployment"))
        {
            Assert.Equal(user[0], Yaml.Str(workload.PodSpec, "securityContext", "runAsUser"));
            Assert.Equal(user[1], Yaml.Str(workload.PodSpec, "securityContext", "runAsGroup"));
            Assert.Equal(exposed, ManifestStructureTests.ContainerPort(workload, "http"));
            Assert.Equal("localhost/bench:dev", Yaml.Str(workload.AppContainer(), "image"));
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void TheRuntimeStageCarriesNoLibhdf5BecauseReadingIsPureDotNet(string file)
    {
        var runtime = Containerfile.Parse(Path.Combine(RepoFiles.Root, file))[^1];
        Assert.DoesNotContain(runtime.All("RUN"), r => r.Arguments[0].Contains("libhdf5", StringComparison.Ordinal));
    }

    [Fact]
    public void TheFunctionsImageHostsTheSelfContainedScriptRootWithACustomHandler()
    {
        var stages = Containerfile.Parse(Path.Combine(RepoFiles.Root, "Containerfile.functions"));
        var build = BuildStage("Containerfile.functions");
        var publish = build.All("RUN").Single(r => r.Arguments[0].Contains("dotnet publish", StringComparison.Ordinal)).Arguments[0];
        Assert.Contains("-r linux-x64", publish, StringComparison.Ordinal);
        Assert.Contains("--self-contained", publish, StringComparison.Ordinal);

        var runtime = stages[^1];
        Assert.StartsWith("mcr.microsoft.com/azure-functions/", runtime.Image, StringComparison.Ordinal);
        var env = runtime.Env();
        Assert.Equal("Custom", env["FUNCTIONS_WORKER_RUNTIME"]);
        var copy = runtime.All("COPY").Single(c => c.Flags.GetValueOrDefault("from") == "build");
        Assert.Equal(PublishOutput(build), copy.Arguments[0]);
        Assert.Equal(env["AzureWebJobsScriptRoot"], copy.Arguments[1].TrimEnd('/'));
        Assert.Equal(runtime.All("EXPOSE").Single().Arguments[0], env["ASPNETCORE_URLS"].Split(':')[^1]);

        // The host starts host.json's executable from the script root: the self-contained apphost.
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root, "host.json")));
        var executable = host.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString();
        Assert.Equal(AssemblyName(), executable);
        Assert.Contains($"test -x {PublishOutput(build)}/{executable}", publish, StringComparison.Ordinal);
        Assert.Contains($"test -f {PublishOutput(build)}/host.json", publish, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void TheImageIsPublishedForOneRuntimeAndCarriesOnlyItsDuckDbLibrary(string file)
    {
        var build = BuildStage(file);
        var restore = build.All("RUN").Single(r => r.Arguments[0].Contains("dotnet restore", StringComparison.Ordinal)).Arguments[0];
        var publish = build.All("RUN").Single(r => r.Arguments[0].Contains("dotnet publish", StringComparison.Ordinal)).Arguments[0];
        var rid = RuntimeFlag().Match(publish).Groups[1].Value;
        var declared = build.All("ARG").Select(a => a.Arguments[0].Split('=')).Where(a => a.Length == 2).ToDictionary(a => a[0], a => a[1]);
        var runtime = rid.StartsWith("${", StringComparison.Ordinal) ? declared[rid[2..^1]] : rid;

        Assert.Equal("linux-x64", runtime);
        Assert.Equal(rid, RuntimeFlag().Match(restore).Groups[1].Value); // --no-restore publish needs the same runtime restored
        // The package ships that runtime's library; the publish puts it next to the app and no runtimes/ tree.
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "runtimes", runtime, "native", "libduckdb.so")), $"DuckDB.NET ships no {runtime} libduckdb.so");
        var output = PublishOutput(build);
        Assert.Contains($"test -f {output}/libduckdb.so", publish, StringComparison.Ordinal);
        Assert.Contains($"test ! -e {output}/runtimes", publish, StringComparison.Ordinal);
    }

    [Fact]
    public void APortablePublishIsRefusedSoNoImageCarriesFiveDuckDbLibraries()
    {
        var project = XDocument.Load(Path.Combine(RepoFiles.Root, "Bench.Functions", "Bench.Functions.csproj"));
        var guard = project.Descendants("Target").Single(t => (string?)t.Attribute("BeforeTargets") == "PrepareForPublish");

        Assert.Equal("'$(RuntimeIdentifier)' == ''", (string?)guard.Attribute("Condition"));
        Assert.Single(guard.Elements("Error"));
    }

    [Theory]
    [InlineData(".native/duckdb/1.5.6-r.1/libduckdb.so", true)]
    [InlineData("Bench.Functions/bin/Release/net10.0/Bench.Functions.dll", true)]
    [InlineData("Bench.Pipeline/obj/project.assets.json", true)]
    [InlineData("local.settings.json", true)]
    [InlineData(".git/HEAD", true)]
    [InlineData("Bench.Functions/Program.cs", false)]
    [InlineData("Bench.Functions/functions/Healthz/function.json", false)]
    [InlineData("Directory.Packages.props", false)]
    public void TheBuildContextLeavesOutLocalOutputCachesAndSettings(string path, bool excluded) =>
        Assert.Equal(excluded, Ignore.Excludes(path));

    [Theory]
    [InlineData("**/bin/", "a/b/bin/x.dll", true)]
    [InlineData("**/bin/", "bin/x.dll", true)]
    [InlineData("**/bin/", "binary/x", false)]
    [InlineData("*.txt", "a.txt", true)]
    [InlineData("*.txt", "dir/a.txt", false)]
    [InlineData("docs/", "docs/deep/page.md", true)]
    [InlineData("docs/\n!docs/keep.md", "docs/keep.md", false)]
    [InlineData("/.git/", ".git/config", true)]
    public void IgnoreRulesMatchAsTheBuildersApplyThem(string rules, string path, bool excluded)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File(".dockerignore"), rules);
        Assert.Equal(excluded, new DockerIgnore(dir.File(".dockerignore")).Excludes(path));
    }

    private static Stage BuildStage(string file) =>
        Containerfile.Parse(Path.Combine(RepoFiles.Root, file)).Single(s => s.All("RUN").Any(r => r.Arguments[0].Contains("dotnet publish", StringComparison.Ordinal)));

    private static string PublishOutput(Stage build)
    {
        var publish = build.All("RUN").Single(r => r.Arguments[0].Contains("dotnet publish", StringComparison.Ordinal)).Arguments[0];
        return PublishOutputFlag().Match(publish).Groups[1].Value;
    }

    private static string AssemblyName() =>
        XDocument.Load(Path.Combine(RepoFiles.Root, "Bench.Functions", "Bench.Functions.csproj")).Descendants("AssemblyName").Single().Value;

    /// <summary>
    /// Files outside their own folder the projects read at restore and build: imports and items with
    /// <c>..\</c> paths, the Directory.*.props MSBuild picks up from above, and global.json.
    /// </summary>
    private static IEnumerable<string> ProjectInputs()
    {
        var projects = new Queue<string>([Path.Combine("Bench.Functions", "Bench.Functions.csproj")]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var inputs = new HashSet<string>(StringComparer.Ordinal) { "global.json", "Directory.Build.props", "Directory.Packages.props" };
        while (projects.TryDequeue(out var project))
        {
            if (!seen.Add(project))
            {
                continue;
            }

            inputs.Add(project.Replace('\\', '/'));
            var dir = Path.GetDirectoryName(project)!;
            foreach (var attribute in XDocument.Load(Path.Combine(RepoFiles.Root, project)).Descendants().Attributes()
                .Where(a => a.Name.LocalName is "Include" or "Project" && a.Value.StartsWith("..", StringComparison.Ordinal)))
            {
                var path = Path.GetRelativePath(RepoFiles.Root, Path.GetFullPath(Path.Combine(RepoFiles.Root, dir, attribute.Value.Replace('\\', '/')))).Replace('\\', '/');
                if (path.EndsWith(".csproj", StringComparison.Ordinal))
                {
                    projects.Enqueue(path);
                }
                else if (!path.Contains('$', StringComparison.Ordinal))
                {
                    inputs.Add(path);
                }
            }
        }

        return inputs;
    }

    [GeneratedRegex(@"\s-r\s+(\S+)")]
    private static partial Regex RuntimeFlag();

    [GeneratedRegex(@"\s-o\s+(\S+)")]
    private static partial Regex PublishOutputFlag();
}
