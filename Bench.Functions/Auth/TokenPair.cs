namespace Bench.Functions.Auth;

/// <summary>Wire form of a login: <c>{"access": "...", "refresh": "..."}</c>.</summary>
public sealed record TokenPair(string Access, string Refresh);

/// <summary>Wire form of a registration or JSON login.</summary>
public sealed record CredentialsRequest(string? Username, string? Password);

/// <summary>Wire form of a JSON refresh; any one of the three names is accepted.</summary>
public sealed record RefreshRequest(
    [property: System.Text.Json.Serialization.JsonPropertyName("refresh")] string? Refresh,
    [property: System.Text.Json.Serialization.JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("rid")] string? Rid)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Token => Refresh ?? RefreshToken ?? Rid;
}
