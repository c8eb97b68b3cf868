using Bench.Pipeline.Pricing;

namespace Bench.Pipeline.Analysis;

/// <summary>The price and carbon sources an analysis should use; either may be absent.</summary>
public sealed record TariffSources(ITariffSource? Price, ITariffSource? Carbon)
{
    public static TariffSources None { get; } = new(null, null);
}
