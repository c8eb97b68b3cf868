using System.Text;

namespace Bench.Functions.Storage;

/// <summary>
/// Turns a client's object name into the last part of a key (public contract): every character
/// outside <c>[A-Za-z0-9._-]</c> becomes <c>_</c>; an empty name, one containing <c>..</c>, or one
/// starting with <c>/</c> is refused. Names longer than <see cref="MaxLength"/> are refused too,
/// since S3 keys stop at 1024 bytes. The same rules apply to the names stored beside an upload
/// (<c>benchmark_name</c>, <c>cluster</c>), so one safe alphabet reaches keys, headers and tables.
/// </summary>
internal static class ObjectNames
{
    public const int MaxLength = 255;

    /// <summary>The sanitized object name, or null with the reason it was refused.</summary>
    public static string? Sanitize(string? name, out string? error) => Sanitize(name, "object_name", out error);

    /// <summary>
    /// The sanitized value of query parameter <paramref name="parameter"/>, or null with the reason it
    /// was refused (the reason names the parameter).
    /// </summary>
    public static string? Sanitize(string? name, string parameter, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(name))
        {
            error = $"{parameter} is required and must not be empty.";
            return null;
        }

        if (name.StartsWith('/'))
        {
            error = $"{parameter} must not start with '/'.";
            return null;
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            error = $"{parameter} must not contain '..'.";
            return null;
        }

        // Already safe (the usual case): the caller's string as is, with no copy.
        if (name.Length <= MaxLength && IsSafe(name))
        {
            return name == "." ? Dot(parameter, out error) : name;
        }

        // One '_' per Unicode scalar value, so "é" is one character whichever way it was encoded in UTF-16.
        var builder = new StringBuilder(Math.Min(name.Length, MaxLength + 1));
        foreach (var rune in name.EnumerateRunes())
        {
            builder.Append(rune.IsAscii && IsKept((char)rune.Value) ? (char)rune.Value : '_');
            if (builder.Length > MaxLength)
            {
                error = $"{parameter} must be at most {MaxLength} characters long.";
                return null;
            }
        }

        var sanitized = builder.ToString();
        return sanitized == "." ? Dot(parameter, out error) : sanitized;
    }

    private static string? Dot(string parameter, out string? error)
    {
        error = $"{parameter} must not be '.'.";
        return null;
    }

    private static bool IsSafe(string name)
    {
        foreach (var c in name)
        {
            if (!IsKept(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The characters a sanitized name keeps; every other becomes <c>_</c> (also for metadata values).</summary>
    internal static bool IsKept(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
}
