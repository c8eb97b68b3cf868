using System.Text;

namespace Bench.Functions.Auth;

/// <summary>One account from the Python system's users file.</summary>
internal sealed record UsersFileEntry(long Line, string Username, string Hash);

/// <summary>A line of the users file that is not imported, and why (never quoting the hash).</summary>
internal sealed record SkippedUserLine(long Line, string Reason);

/// <summary>
/// The Python system's users file: one <c>username:hash</c> line per account, appended at registration,
/// the hash an Argon2 PHC string from passlib. Read as a stream, one line at a time, so any number of
/// lines fits in bounded memory; blank lines are ignored.
/// </summary>
internal static class UsersFile
{
    /// <summary>Longer lines cannot be an account (20 characters of name and a PHC string of a few hundred); they are skipped unread.</summary>
    public const int MaxLineLength = 1024;

    /// <summary>The file as UTF-8 text (a byte order mark is skipped).</summary>
    public static StreamReader Open(string path) =>
        new(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true);

    /// <summary>Each non-blank line in order, as an entry or the reason it is skipped.</summary>
    public static IEnumerable<(UsersFileEntry? Entry, SkippedUserLine? Skipped)> Read(TextReader reader)
    {
        var text = new StringBuilder();
        var tooLong = false;
        long number = 0;
        while (true)
        {
            var c = reader.Read();
            if (c != -1 && c != '\n')
            {
                if (text.Length < MaxLineLength)
                {
                    text.Append((char)c);
                }
                else
                {
                    tooLong = true;
                }

                continue;
            }

            if (c == -1 && text.Length == 0 && !tooLong)
            {
                yield break; // the end, or the newline that ends the last line
            }

            number++;
            if (tooLong)
            {
                yield return (null, new SkippedUserLine(number, $"the line is longer than {MaxLineLength} characters"));
            }
            else if (Parse(number, text.ToString()) is { } line)
            {
                yield return line;
            }

            text.Clear();
            tooLong = false;
            if (c == -1)
            {
                yield break;
            }
        }
    }

    /// <summary>An entry, a skipped line, or null for a blank line.</summary>
    public static (UsersFileEntry? Entry, SkippedUserLine? Skipped)? Parse(long number, string line)
    {
        var text = line.Trim(); // \r of CRLF files; neither names nor PHC strings hold whitespace
        if (text.Length == 0)
        {
            return null;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (null, new SkippedUserLine(number, "no ':' between the username and the hash"));
        }

        var username = text[..colon];
        if (Credentials.UsernameProblem(username) is { } problem)
        {
            return (null, new SkippedUserLine(number, problem));
        }

        var hash = text[(colon + 1)..];
        if (Argon2PhcHash.TryParse(hash, out var error) is null)
        {
            return (null, new SkippedUserLine(number, $"the hash of '{username}' is not usable: {error}"));
        }

        return (new UsersFileEntry(number, username, hash), null);
    }
}
