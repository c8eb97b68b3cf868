using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Bench.Functions.Auth;

/// <summary>Opaque refresh tokens: 256 random bits, base64url; only their SHA-256 is ever stored.</summary>
internal static class RefreshTokens
{
    private const int TokenBytes = 32;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>The stored form; null when the text cannot be a token we issued (wrong length or alphabet).</summary>
    public static byte[]? HashOf(string? token)
    {
        if (token is null || token.Length != 43 || !Base64Url.IsValid(token))
        {
            return null;
        }

        return SHA256.HashData(Encoding.ASCII.GetBytes(token));
    }
}
