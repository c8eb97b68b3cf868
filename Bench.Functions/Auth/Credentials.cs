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
        if (string.IsNullOrEmpty(username))
        {
            errors["username"] = ["username is required."];
        }
        else if (username.Length is < UsernameMin or > UsernameMax)
        {
            errors["username"] = [$"username must be {UsernameMin} to {UsernameMax} characters long."];
        }
        else if (!username.All(IsUsernameCharacter))
        {
            errors["username"] = ["username may contain only letters A-Z and a-z, digits, '.', '_' and '-'."];
        }
        else if (username.Contains("..", StringComparison.Ordinal))
        {
            errors["username"] = ["username must not contain '..'."];
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

    /// <summary>Login input that cannot belong to any account; such attempts fail without touching the database.</summary>
    public static bool CouldBeValid(string? username, string? password) =>
        username is { Length: >= UsernameMin and <= UsernameMax } && password is { Length: >= PasswordMin and <= PasswordMax };
}
