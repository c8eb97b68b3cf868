namespace Bench.Functions.Options;

/// <summary>The dashboard's files: BENCH_UI_DIRECTORY (default: the ui/ folder the build puts beside the app).</summary>
internal sealed class UiOptions : IBenchOptions
{
    public string Directory { get; set; } = Path.Combine(AppContext.BaseDirectory, "ui");

    public void Read(SettingReader settings) =>
        Directory = settings.String("BENCH_UI_DIRECTORY") is { } folder ? Path.GetFullPath(folder) : Directory;

    // A missing folder is not a start failure: the analysis role never serves the dashboard; /ui/ says what is missing.
    public IEnumerable<string> Validate() => [];
}
