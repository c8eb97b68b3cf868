using System.Runtime.InteropServices;

namespace Bench.Pipeline.Hdf5;

internal static partial class Interop
{
    /// <summary>
    /// Raw libhdf5 entry points, C names kept exactly. hid_t is int64, herr_t and htri_t are int, hsize_t is
    /// uint64 (HDF5 >= 1.10). Only symbols that exist unversioned from 1.8 to 1.14 are bound, which is why
    /// group listing uses H5Gget_info + H5Lget_name_by_idx instead of H5Literate (a macro over H5Literate1/2
    /// since 1.12). Callers hold <see cref="Hdf5Library.Sync"/> and have called <see cref="Hdf5Library.EnsureInitialized"/>.
    /// </summary>
    internal static unsafe partial class Hdf5
    {
        /// <summary>Logical name resolved by <see cref="Hdf5Library"/>; never found by default probing on its own.</summary>
        internal const string Lib = "bench-libhdf5";

        internal const long H5P_DEFAULT = 0;
        internal const long H5S_ALL = 0;
        internal const long H5E_DEFAULT = 0;
        internal const uint H5F_ACC_RDONLY = 0;
        internal const uint H5F_ACC_TRUNC = 2;
        internal const ulong H5S_UNLIMITED = ulong.MaxValue;
        internal const int H5S_SELECT_SET = 0;
        internal const int H5_INDEX_NAME = 0;
        internal const int H5_ITER_INC = 0;
        internal const int H5E_WALK_UPWARD = 0;
        internal const int H5T_DIR_DEFAULT = 0;
        internal const int H5T_STR_NULLTERM = 0;
        internal const int H5T_STR_SPACEPAD = 2;
        internal const int H5T_CSET_ASCII = 0;
        internal const int H5T_CSET_UTF8 = 1;
        internal static nuint H5T_VARIABLE => nuint.MaxValue;
        internal const int H5D_FILL_TIME_IFSET = 2;
        internal const int H5D_ALLOC_TIME_INCR = 3;

        internal const int H5I_GROUP = 2;
        internal const int H5I_DATASET = 5;

        internal const int H5T_INTEGER = 0;
        internal const int H5T_FLOAT = 1;
        internal const int H5T_STRING = 3;
        internal const int H5T_COMPOUND = 6;

        [StructLayout(LayoutKind.Sequential)]
        internal struct H5G_info_t
        {
            public int storage_type;
            public ulong nlinks;
            public long max_corder;
            public int mounted; // hbool_t: 1 byte in 1.10+, 4 in 1.8; padding makes both fit
        }

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
        [LibraryImport(Lib)] internal static partial int H5free_memory(void* mem);

        // files
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial long H5Fopen(string name, uint flags, long faplId);
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial long H5Fcreate(string name, uint flags, long fcplId, long faplId);
        [LibraryImport(Lib)] internal static partial int H5Fclose(long fileId);

        // groups, links, objects, identifiers
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial long H5Gopen2(long locId, string name, long gaplId);
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial long H5Gcreate2(long locId, string name, long lcplId, long gcplId, long gaplId);
        [LibraryImport(Lib)] internal static partial int H5Gclose(long groupId);
        [LibraryImport(Lib)] internal static partial int H5Gget_info(long locId, H5G_info_t* info);
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial nint H5Lget_name_by_idx(long locId, string groupName, int idxType, int order, ulong n, byte* name, nuint size, long laplId);
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int H5Lexists(long locId, string name, long laplId);
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial long H5Oopen(long locId, string name, long laplId);
        [LibraryImport(Lib)] internal static partial int H5Oclose(long objectId);
        [LibraryImport(Lib)] internal static partial int H5Iget_type(long id);
        [LibraryImport(Lib)] internal static partial nint H5Iget_name(long id, byte* name, nuint size);

        // attributes
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int H5Aexists(long objId, string attrName);
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial long H5Aopen(long objId, string attrName, long aaplId);
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial long H5Acreate2(long locId, string attrName, long typeId, long spaceId, long acplId, long aaplId);
        [LibraryImport(Lib)] internal static partial int H5Aread(long attrId, long memTypeId, void* buf);
        [LibraryImport(Lib)] internal static partial int H5Awrite(long attrId, long memTypeId, void* buf);
        [LibraryImport(Lib)] internal static partial long H5Aget_type(long attrId);
        [LibraryImport(Lib)] internal static partial long H5Aget_space(long attrId);
        [LibraryImport(Lib)] internal static partial int H5Aclose(long attrId);
        [LibraryImport(Lib)] internal static partial int H5Aiterate2(long locId, int idxType, int order, ulong* idx, delegate* unmanaged<long, byte*, void*, void*, int> op, void* opData);

        // datasets
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial long H5Dopen2(long locId, string name, long daplId);
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial long H5Dcreate2(long locId, string name, long typeId, long spaceId, long lcplId, long dcplId, long daplId);
        [LibraryImport(Lib)] internal static partial long H5Dget_space(long datasetId);
        [LibraryImport(Lib)] internal static partial long H5Dget_type(long datasetId);
        [LibraryImport(Lib)] internal static partial long H5Dget_create_plist(long datasetId);
        [LibraryImport(Lib)] internal static partial int H5Dread(long datasetId, long memTypeId, long memSpaceId, long fileSpaceId, long xferPlistId, void* buf);
        [LibraryImport(Lib)] internal static partial int H5Dwrite(long datasetId, long memTypeId, long memSpaceId, long fileSpaceId, long xferPlistId, void* buf);
        [LibraryImport(Lib)] internal static partial int H5Dset_extent(long datasetId, ulong* size);
        [LibraryImport(Lib)] internal static partial int H5Dclose(long datasetId);

        // dataspaces
        [LibraryImport(Lib)] internal static partial long H5Screate_simple(int rank, ulong* dims, ulong* maxDims);
        [LibraryImport(Lib)] internal static partial int H5Sget_simple_extent_ndims(long spaceId);
        [LibraryImport(Lib)] internal static partial int H5Sget_simple_extent_dims(long spaceId, ulong* dims, ulong* maxDims);
        [LibraryImport(Lib)] internal static partial long H5Sget_simple_extent_npoints(long spaceId);
        [LibraryImport(Lib)] internal static partial int H5Sselect_hyperslab(long spaceId, int op, ulong* start, ulong* stride, ulong* count, ulong* block);
        [LibraryImport(Lib)] internal static partial int H5Sclose(long spaceId);

        // datatypes
        [LibraryImport(Lib)] internal static partial long H5Tcreate(int typeClass, nuint size);
        [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int H5Tinsert(long parentId, string name, nuint offset, long memberId);
        [LibraryImport(Lib)] internal static partial long H5Tcopy(long typeId);
        [LibraryImport(Lib)] internal static partial int H5Tset_size(long typeId, nuint size);
        [LibraryImport(Lib)] internal static partial int H5Tset_strpad(long typeId, int strpad);
        [LibraryImport(Lib)] internal static partial int H5Tset_cset(long typeId, int cset);
        [LibraryImport(Lib)] internal static partial int H5Tget_strpad(long typeId);
        [LibraryImport(Lib)] internal static partial int H5Tget_cset(long typeId);
        [LibraryImport(Lib)] internal static partial int H5Tis_variable_str(long typeId);
        [LibraryImport(Lib)] internal static partial int H5Tget_class(long typeId);
        [LibraryImport(Lib)] internal static partial nuint H5Tget_size(long typeId);
        [LibraryImport(Lib)] internal static partial int H5Tget_nmembers(long typeId);
        [LibraryImport(Lib)] internal static partial byte* H5Tget_member_name(long typeId, uint memberNo);
        [LibraryImport(Lib)] internal static partial long H5Tget_member_type(long typeId, uint memberNo);
        [LibraryImport(Lib)] internal static partial int H5Tget_member_class(long typeId, uint memberNo);
        [LibraryImport(Lib)] internal static partial long H5Tget_native_type(long typeId, int direction);
        [LibraryImport(Lib)] internal static partial nuint H5Tget_member_offset(long typeId, uint memberNo);
        [LibraryImport(Lib)] internal static partial int H5Tget_sign(long typeId);
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
