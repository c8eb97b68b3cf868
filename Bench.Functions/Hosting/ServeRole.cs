namespace Bench.Functions.Hosting;

/// <summary>What one process serves: the HTTP functions, the analysis consumer, or both.</summary>
public enum ServeRole
{
    All,
    Api,
    Analysis,
}
