using System.Runtime.InteropServices;

namespace Bench.Pipeline.DuckDb;

internal static partial class Interop
{
    internal static partial class DuckDb
    {
        /// <summary>duckdb_state.</summary>
        internal enum State
        {
            Success = 0,
            Error = 1,
        }

        /// <summary>
        /// duckdb_result (DuckDB 1.x layout). Only internal_data matters; the rest is deprecated and read
        /// through accessor functions. duckdb_fetch_chunk takes it by value, so the layout must be exact.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct Result
        {
            public ulong DeprecatedColumnCount;
            public ulong DeprecatedRowCount;
            public ulong DeprecatedRowsChanged;
            public nint DeprecatedColumns;
            public nint DeprecatedErrorMessage;
            public nint InternalData;
        }

        /// <summary>duckdb_string_t: 16 bytes, inlined when length &lt;= 12, else a prefix and a pointer.</summary>
        [StructLayout(LayoutKind.Explicit, Size = 16)]
        internal struct StringT
        {
            internal const int InlineLength = 12;

            [FieldOffset(0)] public uint Length;
            [FieldOffset(4)] public byte InlinedFirstByte;
            [FieldOffset(8)] public nint Pointer;
        }

        /// <summary>duckdb_timestamp: microseconds since 1970-01-01 00:00:00 UTC.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct Timestamp
        {
            public long Micros;
        }

        /// <summary>duckdb_hugeint: value = upper * 2^64 + lower.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct HugeInt
        {
            public ulong Lower;
            public long Upper;
        }
    }
}
