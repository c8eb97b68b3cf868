namespace Bench.Pipeline.Pricing;

/// <summary>A local tariff input (a CSV file) is missing or malformed; the message names the file and line.</summary>
public sealed class TariffDataException : Exception
{
    public TariffDataException(string message, string path, int? line = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
        Line = line;
    }

    public TariffDataException()
        : this("Tariff data is invalid.", string.Empty)
    {
    }

    public TariffDataException(string message)
        : this(message, string.Empty)
    {
    }

    public TariffDataException(string message, Exception innerException)
        : this(message, string.Empty, null, innerException)
    {
    }

    /// <summary>The file that failed.</summary>
    public string Path { get; }

    /// <summary>1-based line number of the bad line, when one is to blame.</summary>
    public int? Line { get; }
}
