using Bench.Pipeline.Analysis;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Perf;
using Bench.Pipeline.Pricing;
using Bench.Pipeline.Slurm;

namespace Bench.Functions.Jobs;

/// <summary>
/// Which failures end a job for good (the object itself is not analysable) and which are worth another
/// attempt (storage, database, anything unexpected), with the line the job's <c>error</c> shows.
/// </summary>
internal static class JobFailures
{
    /// <summary>Not HDF5, no Slurm layout, no energy data, not LIKWID CSV, a bad tariff file, or the object version is gone.</summary>
    public static bool IsPermanent(Exception e) =>
        e is H5Exception or SlurmProfileFormatException or NoEnergyDataException or LikwidFormatException or TariffDataException or ObjectUnavailableException;

    /// <summary>One line for the job's error: the input's own message when it is about the input.</summary>
    public static string Describe(Exception e, string objectKey, string localPath)
    {
        // The pipeline names the temp file it read; users know the object key.
        var message = e.Message.Replace(localPath, objectKey, StringComparison.Ordinal);
        return IsPermanent(e) ? message : $"{e.GetType().Name}: {message}";
    }
}
