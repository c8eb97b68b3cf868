namespace Bench.Pipeline.Perf;

/// <summary>
/// A performance-counter file that is not usable LIKWID <c>likwid-perfctr -O</c> output. An
/// <see cref="IOException"/> like the profile errors, so "bad input file" is one catch for callers.
/// </summary>
public sealed class LikwidFormatException : IOException
{
    public LikwidFormatException(string source, int? line, string message)
        : base(line is null ? $"'{source}': {message}" : $"'{source}' line {line}: {message}")
    {
        Source = source;
        Line = line;
    }

    public LikwidFormatException()
    {
    }

    public LikwidFormatException(string message)
        : base(message)
    {
    }

    public LikwidFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The file (or upload) the text came from.</summary>
    public new string? Source { get; }

    /// <summary>1-based line of the problem; null when it concerns the whole file.</summary>
    public int? Line { get; }
}
