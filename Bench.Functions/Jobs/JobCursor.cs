using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Bench.Functions.Jobs;

/// <summary>A position in one owner's jobs, newest first: the last job of the previous page.</summary>
internal sealed record JobCursor(DateTimeOffset CreatedAt, Guid Id)
{
    /// <summary>base64url of <c>&lt;microseconds since the epoch&gt;.&lt;job id&gt;</c>.</summary>
    public string Encode()
    {
        var micros = (CreatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{micros}.{Id:N}")));
    }

    /// <summary>The cursor <paramref name="text"/> stands for, or null when it is not one.</summary>
    public static JobCursor? Decode(string text)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('.');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var micros)
                && Guid.TryParseExact(parts[1], "N", out var id)
                && micros is > -62_135_596_800_000_000 and < 253_402_300_799_000_000)
            {
                return new JobCursor(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), id);
            }
        }
        catch (FormatException)
        {
        }

        return null;
    }
}
