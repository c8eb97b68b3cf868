using System.Runtime.InteropServices;

namespace Bench.Pipeline.Hdf5;

internal static partial class Interop
{
    /// <summary>
    /// Raw libhdf5 entry points the writer uses, C names kept exactly. hid_t is int64, herr_t and htri_t are
    /// int, hsize_t is uint64 (HDF5 >= 1.10). Only symbols that exist unversioned from 1.8 to 1.14 are bound.
    /// Callers hold <see cref="Hdf5Library.Sync"/> and have called <see cref="Hdf5Library.EnsureInitialized"/>.
    /// </summary>
    internal static unsafe partial class Hdf5
    {
        /// <summary>Logical name resolved by <see cref="Hdf5Library"/>; never found by default probing on its own.</summary>
        internal const string Lib = "bench-libhdf5";

        internal const long H5P_DEFAULT = 0;
        internal const long H5E_DEFAULT = 0;
        internal const uint H5F_ACC_TRUNC = 2;
        internal const ulong H5S_UNLIMITED = ulong.MaxValue;
        internal const int H5S_SELECT_SET = 0;
        internal const int H5E_WALK_UPWARD = 0;
        internal const int H5T_STR_NULLTERM = 0;
        internal const int H5T_CSET_UTF8 = 1;
        internal static nuint H5T_VARIABLE => nuint.MaxValue;
        internal const int H5D_FILL_TIME_IFSET = 2;
        internal const int H5D_ALLOC_TIME_INCR = 3;
        internal const int H5T_COMPOUND = 6;

        [StructLayout(LayoutKind.Sequential)]
        internal struct H5E_error2_t
        {
            public long cls_id;
            public long maj_num;
            public long min_num;
            public uint line;
            public byte* func_name;
            public byte* file_name;
            public byte* desc;
        }

        // library and error stack
        [LibraryImport(Lib)] internal static partial int H5open();
        [LibraryImport(Lib)] internal static partial int H5Eset_auto2(long estack, void* func, void* clientData);
        [LibraryImport(Lib)] internal static partial int H5Eclear2(long estack);
        [LibraryImport(Lib)] internal static partial int H5Ewalk2(long estack, int direction, delegate* unmanaged<uint, H5E_error2_t*, void*, int> func, void* clientData);

        // files
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial long H5Fcreate(string name, uint flags, long fcplId, long faplId);
        [LibraryImport(Lib)] internal static partial int H5Fclose(long fileId);

        // groups
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial long H5Gopen2(long locId, string name, long gaplId);
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial long H5Gcreate2(long locId, string name, long lcplId, long gcplId, long gaplId);
        [LibraryImport(Lib)] internal static partial int H5Gclose(long groupId);

        // attributes
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial long H5Acreate2(long locId, string attrName, long typeId, long spaceId, long acplId, long aaplId);
        [LibraryImport(Lib)] internal static partial int H5Awrite(long attrId, long memTypeId, void* buf);
        [LibraryImport(Lib)] internal static partial int H5Aclose(long attrId);

        // datasets
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial long H5Dcreate2(long locId, string name, long typeId, long spaceId, long lcplId, long dcplId, long daplId);
        [LibraryImport(Lib)] internal static partial long H5Dget_space(long datasetId);
        [LibraryImport(Lib)] internal static partial int H5Dwrite(long datasetId, long memTypeId, long memSpaceId, long fileSpaceId, long xferPlistId, void* buf);
        [LibraryImport(Lib)] internal static partial int H5Dset_extent(long datasetId, ulong* size);
        [LibraryImport(Lib)] internal static partial int H5Dclose(long datasetId);

        // dataspaces
        [LibraryImport(Lib)] internal static partial long H5Screate_simple(int rank, ulong* dims, ulong* maxDims);
        [LibraryImport(Lib)] internal static partial int H5Sselect_hyperslab(long spaceId, int op, ulong* start, ulong* stride, ulong* count, ulong* block);
        [LibraryImport(Lib)] internal static partial int H5Sclose(long spaceId);

        // datatypes
        [LibraryImport(Lib)] internal static partial long H5Tcreate(int typeClass, nuint size);
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int H5Tinsert(long parentId, string name, nuint offset, long memberId);
        [LibraryImport(Lib)] internal static partial long H5Tcopy(long typeId);
        [LibraryImport(Lib)] internal static partial int H5Tset_size(long typeId, nuint size);
        [LibraryImport(Lib)] internal static partial int H5Tset_strpad(long typeId, int strpad);
        [LibraryImport(Lib)] internal static partial int H5Tset_cset(long typeId, int cset);
        [LibraryImport(Lib)] internal static partial int H5Tclose(long typeId);

        // property lists
        [LibraryImport(Lib)] internal static partial long H5Pcreate(long classId);
        [LibraryImport(Lib)] internal static partial int H5Pset_chunk(long plistId, int ndims, ulong* dims);
        [LibraryImport(Lib)] internal static partial int H5Pset_deflate(long plistId, uint level);
        [LibraryImport(Lib)] internal static partial int H5Pset_fill_time(long plistId, int fillTime);
        [LibraryImport(Lib)] internal static partial int H5Pset_alloc_time(long plistId, int allocTime);
        [LibraryImport(Lib)] internal static partial int H5Pclose(long plistId);
    }
}
