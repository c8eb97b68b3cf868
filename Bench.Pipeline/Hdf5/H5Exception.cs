namespace Bench.Pipeline.Hdf5;

/// <summary>
/// Reading (PureHDF) or writing (libhdf5) HDF5 failed. The message names the file, the object path inside it
/// and the operation, plus the library's own innermost error description when it gave one. An
/// <see cref="IOException"/>, so callers that treat "this input file is bad" as one case can catch it.
/// </summary>
public class H5Exception : IOException
{
    public H5Exception(string? filePath, string? objectPath, string operation, string? nativeDetail)
        : base(Compose(filePath, objectPath, operation, nativeDetail))
    {
        FilePath = filePath;
        ObjectPath = objectPath;
        Operation = operation;
        NativeDetail = nativeDetail;
    }

    protected H5Exception(string message, string? filePath, string? objectPath, string operation, string? nativeDetail, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        ObjectPath = objectPath;
        Operation = operation;
        NativeDetail = nativeDetail;
    }

    public H5Exception()
        : this(null, null, "unknown operation", null)
    {
    }

    public H5Exception(string message)
        : base(message)
    {
        Operation = "unknown operation";
    }

    public H5Exception(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = "unknown operation";
    }

    /// <summary>The HDF5 file involved, when known.</summary>
    public string? FilePath { get; }

    /// <summary>Path of the object inside the file (e.g. <c>/Steps/0/Nodes</c>), when known.</summary>
    public string? ObjectPath { get; }

    /// <summary>What was being done, e.g. <c>opening group</c>.</summary>
    public string Operation { get; }

    /// <summary>The reader's innermost error description (PureHDF's message, or what our own checks found).</summary>
    public string? NativeDetail { get; }

    private static string Compose(string? file, string? path, string operation, string? detail)
    {
        var where = (file, path) switch
        {
            (not null, not null) => $"'{file}': '{path}': ",
            (not null, null) => $"'{file}': ",
            (null, not null) => $"'{path}': ",
            _ => string.Empty,
        };
        return detail is null ? $"{where}{operation} failed" : $"{where}{operation} failed: {detail}";
    }
}

/// <summary>The file is not HDF5 at all, or is a damaged or truncated HDF5 file.</summary>
public sealed class H5FormatException : H5Exception
{
    public H5FormatException(string message, string filePath, string? objectPath, string operation, string? nativeDetail, Exception? innerException = null)
        : base(message, filePath, objectPath, operation, nativeDetail, innerException)
    {
    }

    public H5FormatException()
    {
    }

    public H5FormatException(string message)
        : base(message)
    {
    }

    public H5FormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A group, dataset, attribute or compound field that was asked for does not exist (or has another kind).</summary>
public sealed class H5ObjectNotFoundException : H5Exception
{
    public H5ObjectNotFoundException(string message, string? filePath, string objectPath, string operation)
        : base(message, filePath, objectPath, operation, null)
    {
    }

    public H5ObjectNotFoundException()
    {
    }

    public H5ObjectNotFoundException(string message)
        : base(message)
    {
    }

    public H5ObjectNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
