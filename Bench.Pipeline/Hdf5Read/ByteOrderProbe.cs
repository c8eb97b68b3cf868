using System.Reflection;
using PureHDF;

namespace Bench.Pipeline.Hdf5Read;

/// <summary>
/// Whether a number type is stored big-endian. PureHDF 2.2.0 decodes the datatype message's byte-order bit
/// but does not expose it; reading raw bytes of a big-endian file as little-endian would silently give
/// garbage, so the bit is read from PureHDF's internal datatype message. The members looked up exist in the
/// pinned 2.2.0; if an upgrade renames them, <see cref="IsBigEndian"/> throws rather than guess (a test
/// reads a little-endian file through it, so such an upgrade fails the build's tests, not a user's file).
/// </summary>
internal static class ByteOrderProbe
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>True for a big-endian (or VAX) fixed- or floating-point type; false for little-endian.</summary>
    /// <exception cref="InvalidOperationException">PureHDF's internals are not what 2.2.0 has.</exception>
    public static bool IsBigEndian(IH5DataType type)
    {
        var message = type.GetType().GetField("_dataType", Instance)?.GetValue(type)
            ?? throw Unknown("NativeDataType._dataType");
        var bitField = message.GetType().GetProperty("BitField", Instance)?.GetValue(message)
            ?? throw Unknown("DatatypeMessage.BitField");
        var order = bitField.GetType().GetProperty("ByteOrder", Instance)?.GetValue(bitField)
            ?? throw Unknown($"{bitField.GetType().Name}.ByteOrder");

        // PureHDF's ByteOrder enum: LittleEndian = 0, BigEndian = 1, VaxEndian = 2.
        return Convert.ToInt32(order, System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    private static InvalidOperationException Unknown(string member) =>
        new($"PureHDF's internal {member} was not found: the byte order of a field cannot be checked with this PureHDF version");
}
