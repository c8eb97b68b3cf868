namespace Bench.Functions.Auth;

/// <summary>The rules a username and password must meet (public contract: 5-20 and 8-128 characters).</summary>
internal static class Credentials
{
    public const int UsernameMin = 5;
    public const int UsernameMax = 20;
    public const int PasswordMin = 8;
    public const int PasswordMax = 128;

    /// <summary>Usernames become object key prefixes, so they are limited to characters that are safe there.</summary>
    public static bool IsUsernameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    /// <summary>Problems with a registration, keyed by field as ValidationProblem expects; empty when valid.</summary>
    public static Dictionary<string, string[]> Validate(string? username, string? password)
    {
        var errors = new Dictionary<string, string[]>();
        if (UsernameProblem(username) is { } problem)
        {
            errors["username"] = [problem];
        }

        if (string.IsNullOrEmpty(password))
        {
            errors["password"] = ["password is required."];
        }
        else if (password.Length is < PasswordMin or > PasswordMax)
        {
            errors["password"] = [$"password must be {PasswordMin} to {PasswordMax} characters long."];
        }

        return errors;
    }

    /// <summary>What is wrong with a username by the registration rules; null when it is valid. Never quotes the name.</summary>
    public static string? UsernameProblem(string? username)
    {
        if (string.IsNullOrEmpty(username))
        {
            return "username is required.";
        }

        if (username.Length is < UsernameMin or > UsernameMax)
        {
            return $"username must be {UsernameMin} to {UsernameMax} characters long.";
        }

        if (!username.All(IsUsernameCharacter))
        {
            return "username may contain only letters A-Z and a-z, digits, '.', '_' and '-'.";
        }

        return username.Contains("..", StringComparison.Ordinal) ? "username must not contain '..'." : null;
    }

    /// <summary>Login input that cannot belong to any account; such attempts fail without touching the database.</summary>
    public static bool CouldBeValid(string? username, string? password) =>
        username is { Length: >= UsernameMin and <= UsernameMax } && password is { Length: >= PasswordMin and <= PasswordMax };
}
