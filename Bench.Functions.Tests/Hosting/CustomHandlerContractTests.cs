using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bench.Functions.Tests.Hosting;

/// <summary>host.json and every function.json agree with what the app serves, as the Functions host would use them.</summary>
public sealed partial class CustomHandlerContractTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    /// <summary>Functions whose trigger is not HTTP: the host POSTs their invocations to /&lt;name&gt;.</summary>
    private static readonly Dictionary<string, string> TriggerTypes = new()
    {
        ["AnalyzeObject"] = "rabbitMQTrigger",
        ["NightlyRescan"] = "timerTrigger",
    };

    public static TheoryData<string> FunctionNames() => new(FunctionNameList().Where(n => !TriggerTypes.ContainsKey(n)));

    public static TheoryData<string> TriggerFunctionNames() => new(TriggerTypes.Keys);

    private static List<string> FunctionNameList() =>
        Directory.GetDirectories(RepoFiles.FunctionsDir).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void HostJsonDeclaresAForwardingCustomHandlerWithNoRoutePrefix()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root, "host.json")));
        var root = host.RootElement;
        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", root.GetProperty("extensionBundle").GetProperty("id").GetString());
        Assert.Equal("[4.*, 5.0.0)", root.GetProperty("extensionBundle").GetProperty("version").GetString());
        Assert.Equal("", root.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        var handler = root.GetProperty("customHandler");
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        var description = handler.GetProperty("description");
        Assert.Equal(["serve"], description.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()));

        // The executable it names sits in the build output beside host.json (the script root).
        var executable = description.GetProperty("defaultExecutablePath").GetString()!;
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, executable)), executable);
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "host.json")));
    }

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public async Task EachFunctionIsOneForwardedHttpTriggerThatTheAppServes(string name)
    {
        var (methods, route) = ReadFunction(Path.Combine(RepoFiles.FunctionsDir, name, "function.json"));
        // The build output carries the same function.json, so a published script root has it.
        Assert.Equal(
            File.ReadAllText(Path.Combine(RepoFiles.FunctionsDir, name, "function.json")),
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, name, "function.json")));

        var path = "/" + OptionalEmptySegment().Replace(route, "");
        foreach (var method in methods)
        {
            using var response = await fixture.App.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path));
            Assert.True(
                response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed),
                $"{name}: {method.ToUpperInvariant()} {path} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public void EveryNamedEndpointOfTheAppHasAFunctionJsonWithTheSameRouteAndMethods()
    {
        var endpoints = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null)
            .ToDictionary(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName);

        Assert.Equal(
            endpoints.Keys.Order(StringComparer.Ordinal),
            FunctionNameList());
        foreach (var (name, endpoint) in endpoints)
        {
            if (TriggerTypes.ContainsKey(name))
            {
                Assert.Equal("/" + name, "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/'));
                Assert.Equal(["POST"], endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []);
                continue;
            }

            var (methods, route) = ReadFunction(Path.Combine(RepoFiles.FunctionsDir, name, "function.json"));
            Assert.Equal("/" + OptionalEmptySegment().Replace(route, ""), "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/'));
            var appMethods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            Assert.Equal(appMethods.Select(m => m.ToUpperInvariant()).Order(), methods.Select(m => m.ToUpperInvariant()).Order());
        }
    }

    [Theory]
    [MemberData(nameof(TriggerFunctionNames))]
    public async Task EachNonHttpFunctionHasOneTriggerAndTheAppServesItsInvocationRoute(string name)
    {
        var path = Path.Combine(RepoFiles.FunctionsDir, name, "function.json");
        Assert.Equal(File.ReadAllText(path), File.ReadAllText(Path.Combine(AppContext.BaseDirectory, name, "function.json")));
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var binding = Assert.Single(document.RootElement.GetProperty("bindings").EnumerateArray());
        Assert.Equal(TriggerTypes[name], binding.GetProperty("type").GetString());
        Assert.Equal("in", binding.GetProperty("direction").GetString());
        if (name == "AnalyzeObject")
        {
            Assert.Equal("message", binding.GetProperty("name").GetString());
            Assert.Equal("bench.analysis", binding.GetProperty("queueName").GetString());
            Assert.Equal("RabbitMQConnection", binding.GetProperty("connectionStringSetting").GetString());
        }
        else
        {
            Assert.Equal("timer", binding.GetProperty("name").GetString());
            Assert.Equal("%BENCH_RESCAN_SCHEDULE%", binding.GetProperty("schedule").GetString());
        }

        // An empty invocation is refused as such, which proves the route is there and reads the body.
        using var response = await fixture.App.Client.PostAsync("/" + name, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task TheAppListensOnFunctionsCustomHandlerPortWhenItIsSet()
    {
        var port = RepoFiles.FreePort();
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await using var app = await RunningApp.StartAsync(settings, urls: "http://127.0.0.1:0");
        Assert.Equal(new Uri($"http://127.0.0.1:{port}"), app.BaseAddress);
        using var client = new HttpClient();
        Assert.Equal("{\"message\":\"Hello World\"}", await client.GetStringAsync($"http://127.0.0.1:{port}/"));
    }

    [Fact]
    public async Task TheExecutableStartedAsTheHostStartsItAnswersOnTheGivenPort()
    {
        var port = RepoFiles.FreePort();
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Bench.Functions"), "serve")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in fixture.Settings)
        {
            start.Environment[key] = value;
        }

        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(30);
            string? hello = null;
            while (hello is null && DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    hello = await client.GetStringAsync($"http://127.0.0.1:{port}/");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }

            Assert.True(hello is not null, "no answer on FUNCTIONS_CUSTOMHANDLER_PORT; output:\n" + output);
            Assert.Equal("{\"message\":\"Hello World\"}", hello);
            using var health = await client.GetAsync($"http://127.0.0.1:{port}/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("alive", (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }
    }

    private static (string[] Methods, string Route) ReadFunction(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var bindings = document.RootElement.GetProperty("bindings").EnumerateArray().ToList();
        // Forwarding needs exactly one httpTrigger in and one http out.
        Assert.Equal(2, bindings.Count);
        var trigger = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "httpTrigger");
        var output = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "http");
        Assert.Equal("in", trigger.GetProperty("direction").GetString());
        Assert.Equal("out", output.GetProperty("direction").GetString());
        Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString());
        return (trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToArray(), trigger.GetProperty("route").GetString()!);
    }

    /// <summary>The root function's route, <c>{ignored:maxlength(0)?}</c>, matches only the empty path.</summary>
    [GeneratedRegex(@"\{[a-z]+:maxlength\(0\)\?\}")]
    private static partial Regex OptionalEmptySegment();
}
