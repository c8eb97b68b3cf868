using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bench.Functions.Tests.Auth;

/// <summary>Reads and forges compact JWTs by hand, independently of the app's token library.</summary>
public static class Jwt
{
    public static JsonElement Header(string token) => Part(token, 0);

    public static JsonElement Payload(string token) => Part(token, 1);

    /// <summary>A token with the given header and payload, signed HS256 with <paramref name="key"/> (or unsigned when null).</summary>
    public static string Forge(JsonObject header, JsonObject payload, byte[]? key)
    {
        var signingInput = Encode(header.ToJsonString()) + "." + Encode(payload.ToJsonString());
        var signature = key is null ? "" : Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput)));
        return signingInput + "." + signature;
    }

    /// <summary>The claims a real access token from the app would carry for <paramref name="username"/>, to be varied per test.</summary>
    public static JsonObject Claims(string username, string issuer = "bench", string audience = "bench-api", DateTimeOffset? issuedAt = null, TimeSpan? lifetime = null)
    {
        var iat = (issuedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        return new JsonObject
        {
            ["sub"] = username,
            ["scope"] = "api",
            ["iss"] = issuer,
            ["aud"] = audience,
            ["iat"] = iat,
            ["nbf"] = iat,
            ["exp"] = iat + (long)(lifetime ?? TimeSpan.FromMinutes(10)).TotalSeconds,
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
    }

    public static JsonObject HeaderHs256() => new() { ["alg"] = "HS256", ["typ"] = "at+jwt" };

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private static JsonElement Part(string token, int index) =>
        JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[index])).RootElement.Clone();
}
