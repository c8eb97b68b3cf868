using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Bench.Pipeline.Hdf5;

/// <summary>
/// Loads libhdf5 once, on the first write (reading goes through PureHDF and never gets here), silences its
/// own error printing, reads the native type ids, and owns the one lock every call takes. The Debian build (and most distribution builds) is not configured thread-safe: two
/// threads inside libhdf5 at once corrupt its global state, so every call, including handle release from
/// the finalizer thread, is serialized here.
/// </summary>
internal static unsafe class Hdf5Library
{
    /// <summary>Sonames tried in order: Debian/Ubuntu serial build first, then other distributions.</summary>
    internal static readonly string[] Candidates =
    [
        "libhdf5_serial.so.103", "libhdf5.so.103", "libhdf5.so.310", "libhdf5.so.200", "libhdf5.so",
    ];

    /// <summary>The global libhdf5 lock; reentrant, so a public method may call another.</summary>
    internal static readonly Lock Sync = new();

    private static nint s_handle;
    private static volatile bool s_ready;

    internal static long NativeDouble { get; private set; }
    internal static long NativeUInt64 { get; private set; }
    internal static long NativeInt64 { get; private set; }
    internal static long NativeInt32 { get; private set; }
    internal static long CString { get; private set; }
    internal static long DatasetCreateClass { get; private set; }

    /// <summary>
    /// File access property list for every file Bench opens or creates: libhdf5's file locking off.
    /// libhdf5 (1.10.7+) flocks each file it opens, and opens it without O_CLOEXEC, so a child process
    /// started meanwhile inherits the descriptor and keeps the lock after Bench closes the file (then
    /// reading the file back fails as "used by another process"). Bench opens only files it owns.
    /// </summary>
    internal static long FileAccess { get; private set; }

    /// <summary>Takes the global lock after making sure the library is loaded and initialised.</summary>
    internal static Lock.Scope Enter()
    {
        var scope = Sync.EnterScope();
        try
        {
            EnsureInitialized();
            return scope;
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }

    internal static void EnsureInitialized()
    {
        if (s_ready)
        {
            return;
        }

        lock (Sync)
        {
            if (s_ready)
            {
                return;
            }

            s_handle = Load();
            RegisterResolver();
            if (Interop.Hdf5.H5open() < 0)
            {
                throw new H5Exception(null, null, "initialising libhdf5 (H5open)", null);
            }

            // Errors are turned into exceptions by H5Errors; libhdf5 must not print its stack to stderr.
            Interop.Hdf5.H5Eset_auto2(Interop.Hdf5.H5E_DEFAULT, null, null);
            NativeDouble = ReadGlobal("H5T_NATIVE_DOUBLE_g");
            NativeUInt64 = ReadGlobal("H5T_NATIVE_UINT64_g");
            NativeInt64 = ReadGlobal("H5T_NATIVE_INT64_g");
            NativeInt32 = ReadGlobal("H5T_NATIVE_INT32_g");
            CString = ReadGlobal("H5T_C_S1_g");
            DatasetCreateClass = ReadGlobal("H5P_CLS_DATASET_CREATE_ID_g");
            FileAccess = CreateFileAccess();
            s_ready = true;
        }
    }

    private static unsafe long CreateFileAccess()
    {
        var fapl = Interop.Hdf5.H5Pcreate(ReadGlobal("H5P_CLS_FILE_ACCESS_ID_g"));
        if (fapl < 0)
        {
            throw new H5Exception(null, null, "creating the file access property list", H5Errors.TakeDetail());
        }

        // H5Pset_file_locking exists from 1.10.7 on; older libraries have no locking to turn off.
        if (NativeLibrary.TryGetExport(s_handle, "H5Pset_file_locking", out var setLocking))
        {
            var set = (delegate* unmanaged<long, byte, byte, int>)setLocking;
            if (set(fapl, 0, 1) < 0)
            {
                throw new H5Exception(null, null, "turning off file locking (H5Pset_file_locking)", H5Errors.TakeDetail());
            }
        }

        return fapl;
    }

    private static nint Load()
    {
        foreach (var name in Candidates)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException(
            $"writing HDF5 needs the HDF5 C library, libhdf5, which was not found (tried {string.Join(", ", Candidates)}). " +
            "Install it: 'apt-get install libhdf5-103-1' on Debian 12 (libhdf5-103-1t64 on Ubuntu 24.04), 'dnf install hdf5' on Fedora. " +
            "Reading (analyze) does not need it.");
    }

    private static void RegisterResolver()
    {
        var assembly = typeof(Hdf5Library).Assembly;
        try
        {
            NativeLibrary.SetDllImportResolver(assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Another wrapper in this assembly owns the per-assembly resolver; when it declines our
            // logical name, default probing fails and this event gets the call instead.
            AssemblyLoadContext.Default.ResolvingUnmanagedDll += (asm, name) =>
                asm == assembly && name == Interop.Hdf5.Lib ? s_handle : 0;
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == Interop.Hdf5.Lib ? s_handle : 0;

    private static long ReadGlobal(string symbol)
    {
        if (!NativeLibrary.TryGetExport(s_handle, symbol, out var address))
        {
            throw new H5Exception(null, null, $"initialising libhdf5 (symbol {symbol} missing)", null);
        }

        return Unsafe.ReadUnaligned<long>((void*)address);
    }
}
