using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Bench.Functions.Jobs;

/// <summary>
/// The opaque change token of <c>GET /jobs?since=</c>: a position in the <c>slurm_job_changes</c> sequence,
/// as base64url of <c>c1.&lt;position&gt;</c> so clients treat it as a string.
/// </summary>
internal static class SinceToken
{
    private const string Prefix = "c1.";

    public static string Encode(long position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + position.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The position <paramref name="token"/> stands for, or null when it is not a token of ours.</summary>
    public static long? Decode(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return text.StartsWith(Prefix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                ? position
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
