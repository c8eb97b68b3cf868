using System.Runtime.InteropServices;

namespace Bench.Pipeline.Hdf5;

/// <summary>
/// The native in-memory layout of a compound dataset's rows (libhdf5's <c>H5Tget_native_type</c>): libhdf5
/// converts the file's rows into it (byte order, sizes) with no per-field compound conversion, and fields
/// are then picked out by name at their native offsets. Reading this way costs what a plain read costs;
/// a per-field memory compound makes libhdf5 run its compound conversion on every 10-row chunk.
/// </summary>
internal sealed class H5NativeRecord : IDisposable
{
    private readonly Dictionary<string, Member> _members;

    private H5NativeRecord(SafeH5TypeHandle type, int size, Dictionary<string, Member> members)
    {
        Type = type;
        Size = size;
        _members = members;
    }

    public SafeH5TypeHandle Type { get; }

    /// <summary>Bytes per row in memory.</summary>
    public int Size { get; }

    public enum Kind
    {
        Signed,
        Unsigned,
        Float,
        Other,
    }

    public readonly record struct Member(int Offset, int Size, Kind Kind)
    {
        public bool CanDecode => Kind switch
        {
            Kind.Float => Size is 4 or 8,
            Kind.Signed or Kind.Unsigned => Size is 1 or 2 or 4 or 8,
            _ => false,
        };
    }

    /// <summary>Null when a field is not a plain integer or float (then the caller lets libhdf5 convert).</summary>
    public Member[]? Locate(IReadOnlyList<string> fields)
    {
        var located = new Member[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            if (!_members.TryGetValue(fields[i], out var member) || !member.CanDecode)
            {
                return null;
            }

            located[i] = member;
        }

        return located;
    }

    public static double Decode(ReadOnlySpan<byte> row, Member m)
    {
        var at = row.Slice(m.Offset, m.Size);
        return (m.Kind, m.Size) switch
        {
            (Kind.Float, 8) => MemoryMarshal.Read<double>(at),
            (Kind.Float, 4) => MemoryMarshal.Read<float>(at),
            (Kind.Unsigned, 8) => MemoryMarshal.Read<ulong>(at),
            (Kind.Signed, 8) => MemoryMarshal.Read<long>(at),
            (Kind.Unsigned, 4) => MemoryMarshal.Read<uint>(at),
            (Kind.Signed, 4) => MemoryMarshal.Read<int>(at),
            (Kind.Unsigned, 2) => MemoryMarshal.Read<ushort>(at),
            (Kind.Signed, 2) => MemoryMarshal.Read<short>(at),
            (Kind.Unsigned, 1) => at[0],
            (Kind.Signed, 1) => (sbyte)at[0],
            _ => double.NaN,
        };
    }

    public static unsafe H5NativeRecord Create(SafeH5TypeHandle fileType, string filePath, string name)
    {
        var native = SafeH5.Own<SafeH5TypeHandle>(
            Interop.Hdf5.H5Tget_native_type(fileType.Id, Interop.Hdf5.H5T_DIR_DEFAULT), filePath, name, "reading native type");
        try
        {
            var size = (int)Interop.Hdf5.H5Tget_size(native.Id);
            var count = (int)H5Errors.ThrowIfError(Interop.Hdf5.H5Tget_nmembers(native.Id), filePath, name, "reading native type");
            var members = new Dictionary<string, Member>(count, StringComparer.Ordinal);
            for (uint i = 0; i < count; i++)
            {
                var namePointer = Interop.Hdf5.H5Tget_member_name(native.Id, i);
                if (namePointer is null)
                {
                    throw H5Errors.Fail(filePath, name, $"reading native field {i}");
                }

                string field;
                try
                {
                    field = Marshal.PtrToStringUTF8((nint)namePointer) ?? string.Empty;
                }
                finally
                {
                    Interop.Hdf5.H5free_memory(namePointer);
                }

                using var memberType = SafeH5.Own<SafeH5TypeHandle>(Interop.Hdf5.H5Tget_member_type(native.Id, i), filePath, name, $"reading native field '{field}'");
                var typeClass = Interop.Hdf5.H5Tget_class(memberType.Id);
                var kind = typeClass switch
                {
                    Interop.Hdf5.H5T_FLOAT => Kind.Float,
                    Interop.Hdf5.H5T_INTEGER => Interop.Hdf5.H5Tget_sign(memberType.Id) == 0 ? Kind.Unsigned : Kind.Signed,
                    _ => Kind.Other,
                };
                members[field] = new Member((int)Interop.Hdf5.H5Tget_member_offset(native.Id, i), (int)Interop.Hdf5.H5Tget_size(memberType.Id), kind);
            }

            return new H5NativeRecord(native, size, members);
        }
        catch
        {
            native.Dispose();
            throw;
        }
    }

    public void Dispose() => Type.Dispose();
}
