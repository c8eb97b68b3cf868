using System.Collections.Concurrent;
using Amazon.Runtime.Endpoints;
using Amazon.S3.Endpoints;
using Endpoint = Amazon.Runtime.Endpoints.Endpoint;

namespace Bench.Functions.Storage;

/// <summary>
/// Remembers the S3 endpoint rules' answer for bucket-level parameters. The SDK runs its endpoint rules
/// (URL parsing, JSON templates) four times per GetPreSignedURL, the bulk of a presign's CPU time,
/// and for one configured endpoint and bucket the answer never changes.
/// </summary>
internal sealed class CachedEndpointProvider(IEndpointProvider inner) : IEndpointProvider
{
    // Bounds the cache if a caller ever varies the bucket; past it, every call asks the rules.
    private const int MaxEntries = 64;

    private readonly ConcurrentDictionary<string, Endpoint> _endpoints = new(StringComparer.Ordinal);

    public Endpoint ResolveEndpoint(EndpointParameters parameters)
    {
        // Key, Prefix and CopySource vary per object or listing: such calls (and any other kind of
        // parameters) go to the rules every time rather than growing the cache.
        if (parameters is not S3EndpointParameters p || p.Key is not null || p.Prefix is not null || p.CopySource is not null)
        {
            return inner.ResolveEndpoint(parameters);
        }

        var key = string.Join('\u001f',
            p.Bucket, p.Region, p.Endpoint, p.UseFIPS, p.UseDualStack, p.ForcePathStyle, p.Accelerate, p.UseGlobalEndpoint,
            p.UseObjectLambdaEndpoint, p.DisableAccessPoints, p.DisableMultiRegionAccessPoints, p.UseArnRegion,
            p.UseS3ExpressControlEndpoint, p.DisableS3ExpressSessionAuth);
        if (_endpoints.TryGetValue(key, out var endpoint))
        {
            return Copy(endpoint);
        }

        endpoint = inner.ResolveEndpoint(parameters);
        if (_endpoints.Count < MaxEntries)
        {
            _endpoints.TryAdd(key, Copy(endpoint));
        }

        return endpoint;
    }

    // The SDK edits the endpoint it is given (it appends '/' to URL): every caller gets its own.
    private static Endpoint Copy(Endpoint endpoint) => new(endpoint.URL)
    {
        Attributes = endpoint.Attributes,
        Headers = endpoint.Headers is null ? null : new Dictionary<string, IList<string>>(endpoint.Headers),
    };
}
