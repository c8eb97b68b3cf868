using System.Data.Common;

namespace Bench.Functions.Tests.Deployment;

/// <summary>
/// What the Functions host in each Deployment needs besides the app's settings: the isolated worker
/// runtime, and AzureWebJobsStorage (timer schedule monitor, leases), Azurite in development.
/// </summary>
public sealed class FunctionsHostWiringTests
{
    [KubectlTheory]
    [InlineData("bench-api")]
    [InlineData("bench-analysis")]
    public void EachDeploymentRunsTheIsolatedWorkerWithTheHostsStorageFromASecret(string deployment)
    {
        var env = SettingsCoverageTests.Environment(deployment);

        Assert.Equal("dotnet-isolated", env["FUNCTIONS_WORKER_RUNTIME"].Value);
        Assert.Equal("bench-functions-storage", env["AzureWebJobsStorage"].SecretName);
    }

    [KubectlFact]
    public void TheHostsStorageIsTheAzuriteAccountWithTheKeyAzuriteIsGiven()
    {
        var secrets = Keda.PrintedSecrets();
        var connection = new DbConnectionStringBuilder { ConnectionString = secrets.SecretValue("bench", "bench-functions-storage", "AzureWebJobsStorage") };
        var accounts = secrets.SecretValue("storage", "azurite-auth", "AZURITE_ACCOUNTS");

        // AZURITE_ACCOUNTS is account:key; the key must be base64 (Azurite refuses anything else).
        Assert.Equal($"{connection["AccountName"]}:{connection["AccountKey"]}", accounts);
        Assert.Equal(32, Convert.FromBase64String((string)connection["AccountKey"]).Length);

        var azurite = Keda.Storage();
        var service = azurite.Find("Service", "azurite", "storage");
        var pod = azurite.Find("Deployment", "azurite", "storage");
        Assert.True(Keda.Selects(Yaml.StringMapAt(service.Root, "spec", "selector"), pod.PodLabels));
        foreach (var (key, portName) in new[] { ("BlobEndpoint", "blob"), ("QueueEndpoint", "queue"), ("TableEndpoint", "table") })
        {
            var endpoint = new Uri((string)connection[key]);
            Assert.Equal("azurite.storage.svc.cluster.local", endpoint.Host);
            // Path-style: the account is the first segment (Azurite runs with --disableProductStyleUrl).
            Assert.Equal("/" + connection["AccountName"], endpoint.AbsolutePath);
            var port = Yaml.SeqAt(service.Root, "spec", "ports").Single(p => Yaml.Str(p, "name") == portName);
            Assert.Equal(endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Yaml.Str(port, "port"));
            Assert.NotNull(ManifestStructureTests.ContainerPort(pod, Yaml.Str(port, "targetPort")!));
        }

        var container = pod.Containers.Single();
        Assert.Contains("--disableProductStyleUrl", Yaml.SeqAt(container, "args").Cast<string>());
        Assert.Equal("azurite-auth", Yaml.Str(Yaml.SeqAt(container, "env").Single(e => Yaml.Str(e, "name") == "AZURITE_ACCOUNTS"), "valueFrom", "secretKeyRef", "name"));
    }

    [KubectlFact]
    public void OnlyTheApiDeploymentRunsTheTimerAndOnlyTheAnalysisDeploymentConsumes()
    {
        var objects = Keda.Dev();

        Assert.Equal(ServeRole.Api, objects.Find("Deployment", "bench-api").Role());
        Assert.Equal(ServeRole.Analysis, objects.Find("Deployment", "bench-analysis").Role());
        var analysis = SettingsCoverageTests.Environment("bench-analysis");
        Assert.Equal("true", analysis["AzureWebJobs.NightlyRescan.Disabled"].Value);
        Assert.Equal("true", analysis["BENCH_ANALYSIS_CONSUMER"].Value);
        Assert.Equal("false", SettingsCoverageTests.Environment("bench-api")["BENCH_ANALYSIS_CONSUMER"].Value);
    }
}
