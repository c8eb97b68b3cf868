namespace Bench.Pipeline.Perf;

/// <summary>Everything read from one <c>likwid-perfctr -O</c> CSV file.</summary>
/// <param name="Source">The file or upload name, for messages.</param>
/// <param name="Info">The <c>STRUCT,Info</c> lines, e.g. <c>CPU name:</c> to its value.</param>
/// <param name="Tables">Every <c>TABLE</c> section in file order.</param>
public sealed record LikwidReport(string Source, IReadOnlyDictionary<string, string> Info, IReadOnlyList<LikwidTable> Tables);
