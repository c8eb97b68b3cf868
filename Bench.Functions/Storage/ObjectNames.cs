using System.Text;

namespace Bench.Functions.Storage;

/// <summary>
/// Turns a client's object name into the last part of a key (public contract): every character
/// outside <c>[A-Za-z0-9._-]</c> becomes <c>_</c>; an empty name, one containing <c>..</c>, or one
/// starting with <c>/</c> is refused. Names longer than <see cref="MaxLength"/> are refused too,
/// since S3 keys stop at 1024 bytes.
/// </summary>
internal static class ObjectNames
{
    public const int MaxLength = 255;

    /// <summary>The sanitized name, or null with the reason it was refused.</summary>
    public static string? Sanitize(string? name, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(name))
        {
            error = "object_name is required and must not be empty.";
            return null;
        }

        if (name.StartsWith('/'))
        {
            error = "object_name must not start with '/'.";
            return null;
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            error = "object_name must not contain '..'.";
            return null;
        }

        // One '_' per Unicode scalar value, so "é" is one character whichever way it was encoded in UTF-16.
        var builder = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            builder.Append(rune.IsAscii && IsKept((char)rune.Value) ? (char)rune.Value : '_');
            if (builder.Length > MaxLength)
            {
                error = $"object_name must be at most {MaxLength} characters long.";
                return null;
            }
        }

        var sanitized = builder.ToString();
        if (sanitized == ".")
        {
            error = "object_name must not be '.'.";
            return null;
        }

        return sanitized;
    }

    private static bool IsKept(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
}
