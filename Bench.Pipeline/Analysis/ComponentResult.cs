namespace Bench.Pipeline.Analysis;

/// <summary>A component sensor (socket, GPU...) shown apart from the node total, never added on top.</summary>
public sealed record ComponentResult(string Label, double EnergyJ, double AveragePowerW, double PeakPowerW);
