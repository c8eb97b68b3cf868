namespace Bench.Functions.Options;

/// <summary>
/// What this worker runs besides its functions: BENCH_ANALYSIS_CONSUMER (default true, so <c>func start</c>
/// runs everything; the API Deployment sets false). Functions are switched off the Functions way,
/// with <c>AzureWebJobs.&lt;Name&gt;.Disabled</c>.
/// </summary>
internal sealed class WorkerOptions : IBenchOptions
{
    public const string AnalysisConsumerSetting = "BENCH_ANALYSIS_CONSUMER";

    public bool AnalysisConsumer { get; set; } = true;

    /// <summary>Read once while registering services, before options exist; a bad value is reported by validation.</summary>
    public static bool RunsAnalysisConsumer(IConfiguration configuration) =>
        new SettingReader(configuration).Bool(AnalysisConsumerSetting, true);

    /// <summary>The Functions host's switch for one function: AzureWebJobs.&lt;Name&gt;.Disabled.</summary>
    public static bool IsFunctionDisabled(IConfiguration configuration, string function) =>
        new SettingReader(configuration).Bool($"AzureWebJobs.{function}.Disabled", false);

    public void Read(SettingReader settings) => AnalysisConsumer = settings.Bool(AnalysisConsumerSetting, true);

    public IEnumerable<string> Validate() => [];
}
