using Bench.Pipeline.Hdf5;

namespace Bench.Pipeline.Hdf5Read;

/// <summary>
/// The one place where PureHDF's exceptions become <see cref="H5FormatException"/>: PureHDF's own messages
/// name neither the file nor the object, and a damaged file makes it throw almost any exception type.
/// </summary>
internal static class H5ReadErrors
{
    /// <summary>Runs a PureHDF call; any failure becomes a format error naming file, object and operation.</summary>
    public static T Guard<T>(string filePath, string? objectPath, string operation, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (IsFileFault(e))
        {
            throw Wrap(filePath, objectPath, operation, e);
        }
    }

    public static void Guard(string filePath, string? objectPath, string operation, Action call) =>
        Guard(filePath, objectPath, operation, () =>
        {
            call();
            return 0;
        });

    /// <summary>A format error for what our own checks found (no PureHDF exception behind it).</summary>
    public static H5FormatException Fail(string filePath, string? objectPath, string operation, string detail) =>
        new(Compose(filePath, objectPath, operation, detail), filePath, objectPath, operation, detail);

    /// <summary>
    /// Everything a damaged file can make a parser throw. OutOfMemoryException is included because a flipped
    /// size field makes PureHDF ask for one absurd array, which fails without exhausting the heap; our own
    /// exceptions, cancellation and stack overflow (not catchable) are not.
    /// </summary>
    private static bool IsFileFault(Exception e) =>
        e is not (H5Exception or OperationCanceledException or ObjectDisposedException or FileNotFoundException or UnauthorizedAccessException);

    private static H5FormatException Wrap(string filePath, string? objectPath, string operation, Exception e)
    {
        var detail = e is OutOfMemoryException
            ? "the file asks for an absurdly large buffer (damaged size field)"
            : $"{e.Message} ({e.GetType().Name})";
        return new H5FormatException(Compose(filePath, objectPath, operation, detail), filePath, objectPath, operation, detail, e);
    }

    private static string Compose(string file, string? objectPath, string operation, string detail) =>
        objectPath is null
            ? $"'{file}': {operation} failed: {detail}"
            : $"'{file}': '{objectPath}': {operation} failed: {detail}";
}
