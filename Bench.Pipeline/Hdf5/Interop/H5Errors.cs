using System.Runtime.InteropServices;

namespace Bench.Pipeline.Hdf5;

/// <summary>The one place where libhdf5 return codes become exceptions.</summary>
internal static unsafe class H5Errors
{
    /// <summary>Throws <see cref="H5Exception"/> when a herr_t/htri_t/hid_t/ssize_t result is negative.</summary>
    internal static long ThrowIfError(long result, string? file, string? objectPath, string operation)
    {
        if (result < 0)
        {
            throw Fail(file, objectPath, operation);
        }

        return result;
    }

    /// <summary>Builds the exception for a failed call, taking (and clearing) libhdf5's error stack.</summary>
    internal static H5Exception Fail(string? file, string? objectPath, string operation)
    {
        var detail = TakeDetail();
        return new H5Exception(file, objectPath, operation, detail);
    }

    /// <summary>Returns libhdf5's innermost error description and clears the stack; null when it is empty.</summary>
    internal static string? TakeDetail()
    {
        var collected = new List<string>();
        var handle = GCHandle.Alloc(collected);
        try
        {
            Interop.Hdf5.H5Ewalk2(Interop.Hdf5.H5E_DEFAULT, Interop.Hdf5.H5E_WALK_UPWARD, &OnError, (void*)GCHandle.ToIntPtr(handle));
        }
        finally
        {
            handle.Free();
            Interop.Hdf5.H5Eclear2(Interop.Hdf5.H5E_DEFAULT);
        }

        return collected.Count == 0 ? null : collected[0];
    }

    [UnmanagedCallersOnly]
    private static int OnError(uint n, Interop.Hdf5.H5E_error2_t* error, void* clientData)
    {
        var list = (List<string>)GCHandle.FromIntPtr((nint)clientData).Target!;
        var desc = Marshal.PtrToStringUTF8((nint)error->desc);
        var func = Marshal.PtrToStringUTF8((nint)error->func_name);
        if (!string.IsNullOrWhiteSpace(desc))
        {
            list.Add(func is null ? desc : $"{desc} (in {func})");
        }

        return 0;
    }
}
