using System.Collections.Concurrent;
using System.Globalization;

namespace Bench.Pipeline.Pricing.Smard;

/// <summary>
/// Day-ahead prices from SMARD: reads the block index, fetches only the weekly blocks that cover the range
/// (in parallel, bounded), and keeps them on disk: complete blocks forever, the index and the newest block for
/// <see cref="SmardOptions.IndexTimeToLive"/>. Network, HTTP and format failures give an unavailable result
/// with a reason, so the analysis completes without cost.
/// </summary>
public sealed class SmardTariffSource : ITariffSource
{
    private readonly HttpClient _http;
    private readonly SmardCache _cache;
    private readonly string _consequence;

    /// <param name="options">Where and how to fetch; validated here.</param>
    /// <param name="httpClient">Client to use (its own timeout should be infinite or longer than
    /// <see cref="SmardOptions.RequestTimeout"/>); null uses a shared one.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public SmardTariffSource(SmardOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _http = httpClient ?? SmardHttp.Shared;
        _cache = new SmardCache(options.CacheDirectory is null
            ? null
            : Path.Combine(options.CacheDirectory, options.Filter.ToString(CultureInfo.InvariantCulture), options.Region));
        _consequence = $"analysis continues without {(options.Filter == SmardOptions.DayAheadPriceFilter ? "cost" : "this series")}";
    }

    public SmardOptions Options { get; }

    public TariffQuantity Quantity => TariffQuantity.Price;

    public string Description => Options.Filter == SmardOptions.DayAheadPriceFilter
        ? $"SMARD day-ahead price {Options.Region} ({Options.Resolution.ToUrlName()})"
        : $"SMARD filter {Options.Filter} {Options.Region} ({Options.Resolution.ToUrlName()})";

    /// <summary>URL of the block index.</summary>
    public Uri IndexUrl => Url(IndexName);

    private string Prefix => $"{Options.Filter}_{Options.Region}_{Options.Resolution.ToUrlName()}";

    private string IndexName => $"index_{Options.Resolution.ToUrlName()}.json";

    /// <summary>URL of the block starting at <paramref name="blockStartMs"/>.</summary>
    public Uri BlockUrl(long blockStartMs) => Url(BlockName(blockStartMs));

    /// <inheritdoc />
    /// <remarks>Never throws for network or data problems; only for cancellation or a range that ends before it starts.</remarks>
    public async Task<TariffLoadResult> LoadAsync(long fromEpochSeconds, long toEpochSeconds, CancellationToken cancellationToken = default)
    {
        if (toEpochSeconds < fromEpochSeconds)
        {
            throw new ArgumentException($"Range ends at {toEpochSeconds}, before it starts at {fromEpochSeconds}.", nameof(toEpochSeconds));
        }

        var warnings = new ConcurrentQueue<string>();
        try
        {
            var starts = await LoadIndexAsync(warnings, cancellationToken).ConfigureAwait(false);
            var selection = SmardBlocks.Select(starts, ToMs(fromEpochSeconds), ToMs(toEpochSeconds));
            if (selection is not { } range)
            {
                warnings.Enqueue($"SMARD has no {Options.Region} data before {EpochText.Format(starts[0] / 1000)}; " +
                    $"the range {EpochText.Format(fromEpochSeconds)} .. {EpochText.Format(toEpochSeconds)} is not covered.");
                return TariffLoadResult.Available(TariffSeries.Empty, [.. warnings]);
            }

            var blocks = await LoadBlocksAsync(starts, range.First, range.Last, warnings, cancellationToken).ConfigureAwait(false);
            return TariffLoadResult.Available(SmardBlocks.ToSeries(blocks, Options.Resolution), [.. warnings]);
        }
        catch (SmardUnavailableException ex)
        {
            return TariffLoadResult.Unavailable(ex.Message);
        }
    }

    private async Task<long[]> LoadIndexAsync(ConcurrentQueue<string> warnings, CancellationToken cancellationToken)
    {
        var cached = ReadCached(IndexName, SmardJson.ParseIndex);
        if (cached is { } hit && hit.Age <= Options.IndexTimeToLive)
        {
            return hit.Value;
        }

        try
        {
            return await FetchAsync(IndexName, SmardJson.ParseIndex, warnings, cancellationToken).ConfigureAwait(false);
        }
        catch (SmardUnavailableException ex) when (cached is { } stale)
        {
            warnings.Enqueue($"{ex.Problem}; using the cached SMARD index from {Age(stale.Age)} ago.");
            return stale.Value;
        }
    }

    private async Task<List<(long Ms, double? Value)>[]> LoadBlocksAsync(
        long[] starts, int first, int last, ConcurrentQueue<string> warnings, CancellationToken cancellationToken)
    {
        var results = new List<(long Ms, double? Value)>[last - first + 1];
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var gate = new SemaphoreSlim(Options.MaxParallelRequests);
        SmardUnavailableException? firstFailure = null;

        async Task LoadOneAsync(int index)
        {
            await gate.WaitAsync(failFast.Token).ConfigureAwait(false);
            try
            {
                results[index - first] = await LoadBlockAsync(starts[index], newest: index == starts.Length - 1, warnings, failFast.Token)
                    .ConfigureAwait(false);
            }
            catch (SmardUnavailableException ex)
            {
                // The first failure is the reason; stop the other downloads.
                Interlocked.CompareExchange(ref firstFailure, ex, null);
                await failFast.CancelAsync().ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }

        var tasks = Enumerable.Range(first, last - first + 1).Select(LoadOneAsync).ToArray();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (firstFailure is not null && !cancellationToken.IsCancellationRequested)
        {
            // Siblings cancelled by the first failure; reported below.
        }

        cancellationToken.ThrowIfCancellationRequested();
        return firstFailure is null ? results : throw firstFailure;
    }

    private async Task<List<(long Ms, double? Value)>> LoadBlockAsync(
        long startMs, bool newest, ConcurrentQueue<string> warnings, CancellationToken cancellationToken)
    {
        // The newest block still grows, so it is cached under its own name with the index's time-to-live.
        var cacheName = newest ? $"{Prefix}_{startMs}.newest.json" : BlockName(startMs);
        var cached = ReadCached(cacheName, SmardJson.ParseBlock);
        if (cached is { } hit && (!newest || hit.Age <= Options.IndexTimeToLive))
        {
            return hit.Value;
        }

        try
        {
            var rows = await FetchAsync(BlockName(startMs), SmardJson.ParseBlock, warnings, cancellationToken, cacheName)
                .ConfigureAwait(false);
            if (!newest)
            {
                // Once complete, the copy kept while the block was newest is superseded.
                _cache.Forget($"{Prefix}_{startMs}.newest.json");
            }

            return rows;
        }
        catch (SmardUnavailableException ex) when (cached is { } stale)
        {
            warnings.Enqueue($"{ex.Problem}; using the newest SMARD block cached {Age(stale.Age)} ago.");
            return stale.Value;
        }
    }

    private async Task<T> FetchAsync<T>(
        string name, Func<ReadOnlyMemory<byte>, T> parse, ConcurrentQueue<string> warnings,
        CancellationToken cancellationToken, string? cacheName = null)
    {
        var url = Url(name);
        var bytes = await SmardHttp.GetAsync(_http, url, Options.RequestTimeout, _consequence, cancellationToken).ConfigureAwait(false);
        T value;
        try
        {
            value = parse(bytes);
        }
        catch (FormatException ex)
        {
            throw new SmardUnavailableException($"SMARD returned malformed data at {url}: {ex.Message}", _consequence, ex);
        }

        if (_cache.TryWrite(cacheName ?? name, bytes) is { } cacheError)
        {
            warnings.Enqueue(cacheError);
        }

        return value;
    }

    private (T Value, TimeSpan Age)? ReadCached<T>(string name, Func<ReadOnlyMemory<byte>, T> parse)
    {
        if (_cache.TryRead(name) is not { } file)
        {
            return null;
        }

        try
        {
            return (parse(file.Bytes), file.Age);
        }
        catch (FormatException)
        {
            _cache.Forget(name);
            return null;
        }
    }

    private string BlockName(long startMs) => $"{Prefix}_{startMs}.json";

    private Uri Url(string name) => new(
        $"{Options.BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}/app/chart_data/{Options.Filter}/{Options.Region}/{name}");

    private static long ToMs(long epochSeconds) =>
        Math.Clamp(epochSeconds, long.MinValue / 1000, long.MaxValue / 1000) * 1000;

    private static string Age(TimeSpan age) => age.TotalHours >= 1
        ? $"{age.TotalHours:0.#} h"
        : $"{Math.Max(1, (int)age.TotalMinutes)} min";
}
