using System.Text.Json;
using System.Text.RegularExpressions;
using Bench.Functions.Tests.Hdf5;
using Bench.Functions.Tests.Hosting;

namespace Bench.Functions.Tests.Deployment;

/// <summary>
/// The settings each deployment gets (ConfigMap, the Secrets create-secrets.sh makes, env) are what
/// the app needs to start in that role, every name is one the app documents, and secrets stay in Secrets.
/// </summary>
public sealed partial class SettingsCoverageTests : IDisposable
{
    private readonly TempDirectory _mounts = new();

    public void Dispose() => _mounts.Dispose();

    [KubectlTheory]
    [InlineData("bench-api")]
    [InlineData("bench-analysis")]
    public void TheAppValidatesItsStartWithOnlyWhatTheDeploymentGivesIt(string deployment)
    {
        var (settings, role) = Settings(deployment);
        Assert.Empty(AppStart.Failures(settings, role));
    }

    [KubectlTheory]
    [InlineData("bench-api", "JWT_SECRET")]
    [InlineData("bench-api", "POSTGRES_HOST")]
    [InlineData("bench-api", "POSTGRES_PASSWORD")]
    [InlineData("bench-api", "MINIO_ENDPOINT")]
    [InlineData("bench-api", "MINIO_ACCESS_KEY")]
    [InlineData("bench-analysis", "POSTGRES_PASSWORD")]
    [InlineData("bench-analysis", "MINIO_SECRET_KEY")]
    [InlineData("bench-analysis", "MINIO_BUCKET")]
    [InlineData("bench-api", "MINIO_WEBHOOK_TOKEN")]
    [InlineData("bench-api", "RabbitMQConnection")]
    [InlineData("bench-analysis", "RabbitMQConnection")]
    public void TheSameCheckFailsNamingASettingTheDeploymentWouldLack(string deployment, string name)
    {
        var (settings, role) = Settings(deployment);
        Assert.True(settings.Remove(name), $"{deployment} does not get {name} at all");
        var failures = AppStart.Failures(settings, role);
        Assert.Contains(failures, f => f.StartsWith(name + " ", StringComparison.Ordinal));
    }

    [KubectlFact]
    public void TheCheckSeesAValueThatDoesNotParse()
    {
        var (settings, role) = Settings("bench-api");
        settings["POSTGRES_PORT"] = "fivefourthreetwo";
        Assert.Contains(AppStart.Failures(settings, role), f => f.StartsWith("POSTGRES_PORT must be an integer", StringComparison.Ordinal));
    }

    [KubectlFact]
    public void EverySettingTheManifestsGiveIsOneTheAppDocuments()
    {
        var known = SampleSettings();
        var given = new[] { "bench-api", "bench-analysis" }.SelectMany(d => Environment(d).Keys).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("JWT_SECRET", given);
        // AzureWebJobs.<Name>.Disabled is the host's own setting: known when <Name> is a function of the worker.
        var functions = FunctionsMetadata.Read().Select(f => $"AzureWebJobs.{f.Name}.Disabled").ToHashSet(StringComparer.Ordinal);
        var unknown = given.Except(known).Except(functions).Order(StringComparer.Ordinal).ToList();
        Assert.True(unknown.Count == 0, "not in local.settings.sample.json (a typo, or an undocumented setting): " + string.Join(", ", unknown));
    }

    [KubectlFact]
    public void SecretsComeFromSecretsAndEverythingElseFromTheConfigMap()
    {
        foreach (var deployment in new[] { "bench-api", "bench-analysis" })
        {
            foreach (var (name, value) in Environment(deployment))
            {
                var secret = SecretName().IsMatch(name);
                Assert.True(secret == (value.SecretName is not null), $"{deployment}: {name} comes from {value.Source}");
            }
        }

        var configMap = Keda.Dev().Find("ConfigMap", "bench-settings");
        Assert.DoesNotContain(Yaml.StringMapAt(configMap.Root, "data").Keys, k => SecretName().IsMatch(k));
    }

    [KubectlFact]
    public void TheSecretTemplatesHoldPlaceholdersNotValues()
    {
        var templates = Keda.SecretTemplates();
        Assert.NotEmpty(templates);
        foreach (var secret in templates)
        {
            Assert.Null(Yaml.At(secret.Root, "data"));
            var values = Yaml.StringMapAt(secret.Root, "stringData");
            Assert.NotEmpty(values);
            Assert.All(values, kv => Assert.Matches(@"\$\{[A-Z0-9_]+\}", kv.Value ?? ""));
        }
    }

    /// <summary>The environment of a deployment's app container, with the Secrets create-secrets.sh prints.</summary>
    internal static Dictionary<string, EnvValue> Environment(string deployment)
    {
        var objects = Keda.Dev();
        var workload = objects.Find("Deployment", deployment);
        return PodEnvironment.Of(workload, workload.AppContainer(), objects, Keda.PrintedSecrets());
    }

    private (Dictionary<string, string?> Settings, ServeRole Role) Settings(string deployment)
    {
        var workload = Keda.Dev().Find("Deployment", deployment);
        return (PodEnvironment.AsSettings(Environment(deployment), workload.AppContainer(), _mounts.Path), workload.Role());
    }

    private static HashSet<string> SampleSettings()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root, "local.settings.sample.json")));
        return sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Names that carry a credential: passwords, keys, tokens, and connection strings (the AMQP URL and the host's storage embed theirs).</summary>
    [GeneratedRegex("(SECRET|PASSWORD|TOKEN|ACCESS_KEY)|^RabbitMQConnection$|^AzureWebJobsStorage$")]
    private static partial Regex SecretName();
}
