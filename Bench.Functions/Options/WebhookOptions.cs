using System.Text;

namespace Bench.Functions.Options;

/// <summary>MINIO_WEBHOOK_TOKEN: the bearer token MinIO sends with its events (its <c>auth_token</c>).</summary>
internal sealed class WebhookOptions : IBenchOptions
{
    public const int MinimumTokenLength = 16;

    public string Token { get; set; } = "";

    public void Read(SettingReader settings) => Token = settings.Secret("MINIO_WEBHOOK_TOKEN") ?? "";

    public IEnumerable<string> Validate()
    {
        if (Token.Length == 0)
        {
            yield return "MINIO_WEBHOOK_TOKEN is not set: MinIO's events are accepted only with this bearer token, and it has no default.";
        }
        else if (Encoding.UTF8.GetByteCount(Token) < MinimumTokenLength)
        {
            yield return $"MINIO_WEBHOOK_TOKEN is {Encoding.UTF8.GetByteCount(Token)} bytes long; at least {MinimumTokenLength} are required.";
        }
    }
}
