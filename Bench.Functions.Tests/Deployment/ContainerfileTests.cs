using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Bench.Functions.Tests.Hdf5;
using Bench.Functions.Tests.Hosting;

namespace Bench.Functions.Tests.Deployment;

/// <summary>
/// The Containerfile, read without a container engine: what it copies exists in the build context, the
/// build has what the projects need, and the image is the Functions isolated host with the published
/// worker in its script root, running as the user and on the port the manifests expect.
/// </summary>
public sealed partial class ContainerfileTests
{
    private const string ContainerfileName = "Containerfile";

    private static readonly DockerIgnore Ignore = new(Path.Combine(RepoFiles.Root, ".dockerignore"));

    private static List<Stage> Stages => Containerfile.Parse(Path.Combine(RepoFiles.Root, ContainerfileName));

    [Fact]
    public void OneImageServesEveryRole() =>
        Assert.Equal(["Containerfile"], Directory.GetFiles(RepoFiles.Root, "Containerfile*").Select(Path.GetFileName));

    [Fact]
    public void EveryCopiedSourceIsInTheBuildContextAndEveryStageCopiedFromExists()
    {
        var stages = Stages;
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
                    Assert.True(File.Exists(path) || Directory.Exists(path), $"COPY source {source} does not exist");
                    var files = File.Exists(path) ? [path] : Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories);
                    Assert.True(
                        files.Any(f => !Ignore.Excludes(Path.GetRelativePath(RepoFiles.Root, f).Replace('\\', '/'))),
                        $"COPY source {source} is left out of the build context by .dockerignore");
                }
            }
        }
    }

    [Fact]
    public void TheBuildStageHasEverythingTheProjectsReferenceBeforeItRestores()
    {
        var build = BuildStage();
        var restore = build.Instructions.FindIndex(i => i.Keyword == "RUN" && i.Arguments[0].Contains("dotnet restore", StringComparison.Ordinal));
        Assert.True(restore > 0, "no dotnet restore");
        var copied = build.Instructions.Take(restore).Where(i => i.Keyword == "COPY").SelectMany(i => i.Arguments.SkipLast(1)).ToList();

        // openapi.json: build/ApiDocs.targets copies the contract into the app.
        foreach (var needed in ProjectInputs().Append("openapi.json").Append("build/api-docs/package-lock.json"))
        {
            Assert.True(copied.Any(c => needed == c.TrimEnd('/') || needed.StartsWith(c.TrimEnd('/') + "/", StringComparison.Ordinal)),
                $"{needed} is needed by the build but copied after the restore, or not at all");
            Assert.False(Ignore.Excludes(needed), $"{needed} is excluded by .dockerignore");
        }

        // build/ApiDocs.targets installs the docs viewer with npm ci: the build stage installs npm.
        Assert.Contains("npm ci", File.ReadAllText(Path.Combine(RepoFiles.Root, "build", "ApiDocs.targets")), StringComparison.Ordinal);
        Assert.Contains(build.All("RUN"), r => r.Arguments[0].Contains("apt-get install", StringComparison.Ordinal) && Regex.IsMatch(r.Arguments[0], @"\bnpm\b"));

        Assert.StartsWith($"mcr.microsoft.com/dotnet/sdk:{DotnetMajor()}.", build.Image, StringComparison.Ordinal);
    }

    [Fact]
    public void TheImageIsTheFunctionsIsolatedHostWithThePublishedWorkerInItsScriptRoot()
    {
        var runtime = Stages[^1];
        Assert.Equal($"mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated{DotnetMajor()}.0", runtime.Image);
        // The base image's CMD starts the Functions host; the host starts the worker.
        Assert.Empty(runtime.All("ENTRYPOINT"));
        Assert.Empty(runtime.All("CMD"));

        var env = runtime.Env();
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root, "local.settings.sample.json")));
        Assert.Equal(sample.RootElement.GetProperty("Values").GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString(), env["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("dotnet-isolated", env["FUNCTIONS_WORKER_RUNTIME"]);

        var build = BuildStage();
        var publish = PublishCommand(build);
        var output = PublishOutput(build);
        Assert.Contains("-r linux-x64", publish, StringComparison.Ordinal);
        var copy = runtime.All("COPY").Single(c => c.Flags.GetValueOrDefault("from") == "build");
        Assert.Equal(output, copy.Arguments[0]);
        Assert.Equal(env["AzureWebJobsScriptRoot"], copy.Arguments[1].TrimEnd('/'));

        // The host needs these in the script root; the build stops when the publish lacks one.
        foreach (var file in new[] { AssemblyName() + ".dll", "host.json", "functions.metadata", "worker.config.json", "openapi.json", "docs/swagger-ui-bundle.js" })
        {
            Assert.Contains($"test -f {output}/{file}", publish, StringComparison.Ordinal);
        }

        // What the test build produced has them too (the same SDK and targets).
        foreach (var file in new[] { "functions.metadata", "worker.config.json", "openapi.json", "host.json" })
        {
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(FunctionsMetadata.Path)!, file)), $"{file} is not in the worker's build output");
        }
    }

    [KubectlFact]
    public void TheImageRunsAsTheUserAndOnThePortTheDeploymentsExpect()
    {
        var runtime = Stages[^1];
        var user = runtime.All("USER").Single().Arguments[0].Split(':');
        Assert.All(user, id => Assert.Matches("^[1-9][0-9]*$", id));
        var exposed = runtime.All("EXPOSE").Single().Arguments[0];
        Assert.Equal(exposed, runtime.Env()["ASPNETCORE_URLS"].Split(':')[^1]);
        Assert.True(int.Parse(exposed, System.Globalization.CultureInfo.InvariantCulture) >= 1024, "a non-root user cannot bind a port below 1024");

        foreach (var workload in Keda.Dev().Where(o => o.Kind == "Deployment" && o.Namespace == "bench"))
        {
            Assert.Equal(user[0], Yaml.Str(workload.PodSpec, "securityContext", "runAsUser"));
            Assert.Equal(user[1], Yaml.Str(workload.PodSpec, "securityContext", "runAsGroup"));
            Assert.Equal(exposed, ManifestStructureTests.ContainerPort(workload, "http"));
            Assert.Equal("localhost/bench:dev", Yaml.Str(workload.AppContainer(), "image"));
            // The image's own command starts the host: a Deployment that overrides it would bypass the host.
            Assert.Null(Yaml.At(workload.AppContainer(), "args"));
            Assert.Null(Yaml.At(workload.AppContainer(), "command"));
        }
    }

    [Fact]
    public void NoNativeLibraryIsInstalledAndThePublishCarriesOneLibduckdb()
    {
        // DuckDB.NET ships its native library per RID in the publish; PureHDF reads HDF5 without libhdf5.
        var lines = File.ReadAllLines(Path.Combine(RepoFiles.Root, ContainerfileName));
        var installs = lines.Where(l => l.Contains("apt-get install", StringComparison.Ordinal)).ToList();
        Assert.All(installs, l => Assert.DoesNotContain("libhdf5", l, StringComparison.Ordinal));
        Assert.All(installs, l => Assert.DoesNotContain("libduckdb", l, StringComparison.Ordinal));
        // The publish for one RID leaves that RID's libduckdb.so beside the app and no runtimes/ tree (all five: ~330 MB).
        Assert.Contains(lines, l => l.Contains("test -f /home/site/wwwroot/libduckdb.so", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("test ! -e /home/site/wwwroot/runtimes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(".native/duckdb/1.5.6-r.1/libduckdb.so", true)]
    [InlineData("Bench.Functions/bin/Release/net10.0/Bench.Functions.dll", true)]
    [InlineData("Bench.Pipeline/obj/project.assets.json", true)]
    [InlineData("local.settings.json", true)]
    [InlineData(".git/HEAD", true)]
    [InlineData("Bench.Functions/Program.cs", false)]
    [InlineData("build/api-docs/node_modules/swagger-ui-dist/swagger-ui-bundle.js", true)]
    [InlineData("build/api-docs/package-lock.json", false)]
    [InlineData("build/ApiDocs.targets", false)]
    [InlineData("openapi.json", false)]
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

    private static Stage BuildStage() =>
        Stages.Single(s => s.All("RUN").Any(r => r.Arguments[0].Contains("dotnet publish", StringComparison.Ordinal)));

    private static string PublishCommand(Stage build) =>
        build.All("RUN").Single(r => r.Arguments[0].Contains("dotnet publish", StringComparison.Ordinal)).Arguments[0];

    private static string PublishOutput(Stage build) => PublishOutputFlag().Match(PublishCommand(build)).Groups[1].Value;

    private static string DotnetMajor()
    {
        using var globalJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root, "global.json")));
        return globalJson.RootElement.GetProperty("sdk").GetProperty("version").GetString()!.Split('.')[0];
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

    [GeneratedRegex(@"\s-o\s+(\S+)")]
    private static partial Regex PublishOutputFlag();
}
