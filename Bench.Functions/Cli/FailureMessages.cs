using Bench.Pipeline.Analysis;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Pricing;
using Bench.Pipeline.Slurm;

namespace Bench.Functions.Cli;

/// <summary>One line per failed file: the exception's own message when it is about the input.</summary>
internal static class FailureMessages
{
    public static string Describe(Exception e) => e switch
    {
        H5Exception or SlurmProfileFormatException or NoEnergyDataException or TariffDataException
            or IOException or UnauthorizedAccessException => e.Message,
        _ => $"unexpected {e.GetType().Name}: {e.Message}",
    };
}
