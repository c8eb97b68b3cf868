using System.Globalization;
using System.Net;

namespace Bench.Pipeline.Pricing.Smard;

/// <summary>One GET against SMARD with its own timeout; every failure becomes a <see cref="SmardUnavailableException"/>.</summary>
internal static class SmardHttp
{
    // A week of quarter-hour values is ~25 KB; anything near this is not a SMARD block.
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
    })
    {
        // Each request gets its own deadline below.
        Timeout = Timeout.InfiniteTimeSpan,
    });

    /// <summary>A process-wide client, for callers that do not bring their own.</summary>
    public static HttpClient Shared => SharedClient.Value;

    /// <summary>Downloads <paramref name="url"/>; a reason ends with <paramref name="consequence"/>.</summary>
    /// <exception cref="SmardUnavailableException">Network error, timeout, non-2xx status or oversized body.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<byte[]> GetAsync(
        HttpClient client, Uri url, TimeSpan timeout, string consequence, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.UserAgent.ParseAdd("Bench/1.0 (+energy analysis of Slurm jobs)");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new SmardUnavailableException(
                    $"SMARD answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} at {url}", consequence);
            }

            if (response.Content.Headers.ContentLength > MaxBodyBytes)
            {
                throw TooLarge(url, consequence);
            }

            var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var body = new MemoryStream();
                var buffer = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(buffer, deadline.Token).ConfigureAwait(false)) > 0)
                {
                    if (body.Length + read > MaxBodyBytes)
                    {
                        throw TooLarge(url, consequence);
                    }

                    body.Write(buffer, 0, read);
                }

                return body.ToArray();
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            throw new SmardUnavailableException($"SMARD unreachable at {url}: no answer within {seconds} s", consequence);
        }
        catch (HttpRequestException ex)
        {
            throw new SmardUnavailableException($"SMARD unreachable at {url}: {Innermost(ex)}", consequence, ex);
        }
        catch (IOException ex)
        {
            throw new SmardUnavailableException($"SMARD unreachable at {url}: {Innermost(ex)}", consequence, ex);
        }
    }

    private static SmardUnavailableException TooLarge(Uri url, string consequence) =>
        new($"SMARD answered more than {MaxBodyBytes / (1024 * 1024)} MiB at {url}, which is not a SMARD series", consequence);

    // HttpRequestException often wraps the SocketException that says what actually happened.
    private static string Innermost(Exception ex)
    {
        var messages = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (!messages.Exists(m => m.Contains(e.Message, StringComparison.Ordinal)))
            {
                messages.Add(e.Message);
            }
        }

        return string.Join(": ", messages);
    }
}
