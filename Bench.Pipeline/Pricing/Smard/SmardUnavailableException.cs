namespace Bench.Pipeline.Pricing.Smard;

/// <summary>Why SMARD data could not be had; its message becomes <see cref="TariffLoadResult.UnavailableReason"/>.</summary>
internal sealed class SmardUnavailableException : Exception
{
    public SmardUnavailableException(string problem, string consequence, Exception? innerException = null)
        : base($"{problem}; {consequence}", innerException)
    {
        Problem = problem;
    }

    public SmardUnavailableException()
        : this("SMARD unavailable", "analysis continues without it")
    {
    }

    public SmardUnavailableException(string message)
        : this(message, "analysis continues without it")
    {
    }

    public SmardUnavailableException(string message, Exception innerException)
        : this(message, "analysis continues without it", innerException)
    {
    }

    /// <summary>What failed, without the consequence.</summary>
    public string Problem { get; }
}
