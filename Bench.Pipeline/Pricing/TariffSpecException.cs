namespace Bench.Pipeline.Pricing;

/// <summary>A <c>--price</c> or <c>--carbon</c> value that does not parse; the message says what is expected.</summary>
public sealed class TariffSpecException : FormatException
{
    public TariffSpecException(string option, string spec, string problem)
        : base($"{option} '{spec}': {problem}.")
    {
        Option = option;
        Spec = spec;
    }

    public TariffSpecException()
        : this("option", string.Empty, "invalid tariff")
    {
    }

    public TariffSpecException(string message)
        : base(message)
    {
        Option = string.Empty;
        Spec = string.Empty;
    }

    public TariffSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
        Option = string.Empty;
        Spec = string.Empty;
    }

    /// <summary>The option, e.g. <c>--price</c>.</summary>
    public string Option { get; }

    /// <summary>The text that failed to parse.</summary>
    public string Spec { get; }
}
