namespace Bench.Pipeline.Slurm;

/// <summary>
/// A readable HDF5 file that is not laid out as a Slurm profile. An <see cref="IOException"/>, like the HDF5
/// errors, so "bad input file" is one catch for callers.
/// </summary>
public sealed class SlurmProfileFormatException : IOException
{
    public SlurmProfileFormatException(string filePath, string message)
        : base(message)
    {
        FilePath = filePath;
    }

    public SlurmProfileFormatException()
    {
    }

    public SlurmProfileFormatException(string message)
        : base(message)
    {
    }

    public SlurmProfileFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? FilePath { get; }
}
