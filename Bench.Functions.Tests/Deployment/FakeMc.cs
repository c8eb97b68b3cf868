using System.Diagnostics;
using Bench.Functions.Tests.Hdf5;

namespace Bench.Functions.Tests.Deployment;

/// <summary>
/// Runs the MinIO wiring Job's own script, with its own environment (Secrets as create-secrets.sh
/// makes them), under /bin/sh, with a stand-in <c>mc</c> on PATH that records every call and answers
/// as MinIO's client would in the situation given (not ready, asks for a restart, rules present for
/// some suffixes).
/// What it cannot show: that the real mc and MinIO accept these calls.
/// </summary>
public sealed class FakeMc(bool ready = true, string configSetSays = "Successfully applied new settings.", string[]? existingRules = null, bool policyAlreadyAttached = false) : IDisposable
{
    private const string Script = """
        #!/bin/sh
        printf '%s\n' "$*" >> "$FAKE_MC_DIR/calls.log"
        case "$*" in
          "ready "*) [ "$FAKE_MC_READY" = 1 ]; exit $? ;;
          "admin config set "*) echo "$FAKE_MC_CONFIG_SET_SAYS" ;;
          "admin policy create "*) cp "$6" "$FAKE_MC_DIR/policy.json" ;;
          "admin policy attach "*)
            if [ "$FAKE_MC_ATTACHED" = 1 ]; then echo "mc: <ERROR> Unable to attach the policy: policy already attached" >&2; exit 1; fi ;;
          "event ls "*)
            for suffix in $FAKE_MC_EXISTING_RULES; do
              echo "arn:minio:sqs::bench:webhook   s3:ObjectCreated:*   Filter: suffix=\"$suffix\""
            done ;;
        esac
        exit 0
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public Run RunJob(bool expectSuccess = true)
    {
        var job = Keda.Storage().Find("Job", "bench-minio-webhook", "storage");
        var container = Yaml.SeqAt(job.PodSpec, "containers").Cast<Dictionary<string, object?>>().Single();
        var command = Yaml.SeqAt(container, "command").Cast<string>().ToList();
        Assert.Equal(["/bin/sh", "-ec"], command);
        var script = (string)Yaml.SeqAt(container, "args").Single()!;

        File.WriteAllText(_dir.File("mc"), Script.Replace("\r", "", StringComparison.Ordinal) + "\n");
        // The script waits with sleep between readiness checks; here no time passes.
        File.WriteAllText(_dir.File("sleep"), "#!/bin/sh\nexit 0\n");
        // The scripts and the Job's shell are Unix-only, like the cluster.
        Assert.False(OperatingSystem.IsWindows());
        if (!OperatingSystem.IsWindows())
        {
            foreach (var tool in new[] { "mc", "sleep" })
            {
                File.SetUnixFileMode(_dir.File(tool), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var env = PodEnvironment.Of(job, container, Keda.Storage(), Keda.PrintedSecrets()).ToDictionary(kv => kv.Key, kv => kv.Value.Value);
        var start = new ProcessStartInfo(command[0], [command[1], script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Clear();
        foreach (var (name, value) in env)
        {
            start.Environment[name] = value;
        }

        start.Environment["PATH"] = _dir.Path + ":/usr/bin:/bin";
        start.Environment["TMPDIR"] = _dir.Path;
        start.Environment["FAKE_MC_DIR"] = _dir.Path;
        start.Environment["FAKE_MC_READY"] = ready ? "1" : "0";
        start.Environment["FAKE_MC_CONFIG_SET_SAYS"] = configSetSays;
        start.Environment["FAKE_MC_EXISTING_RULES"] = string.Join(' ', existingRules ?? []);
        start.Environment["FAKE_MC_ATTACHED"] = policyAlreadyAttached ? "1" : "0";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "the wiring script did not finish");
        var output = stdout.Result + stderr;
        Assert.True((process.ExitCode == 0) == expectSuccess, $"the wiring script exited {process.ExitCode}:\n{output}");

        var calls = File.Exists(_dir.File("calls.log")) ? File.ReadAllLines(_dir.File("calls.log")).ToList() : [];
        var policy = File.Exists(_dir.File("policy.json")) ? File.ReadAllText(_dir.File("policy.json")) : "";
        return new Run(env, calls, output, policy);
    }

    public sealed record Run(Dictionary<string, string> Environment, List<string> Calls, string Output, string Policy);
}
