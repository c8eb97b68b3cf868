using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bench.Pipeline.Pricing;
using Bench.Pipeline.Pricing.Smard;
using Xunit.Abstractions;

namespace Bench.Functions.Tests.Pricing;

/// <summary>The SMARD source against a loopback server shaped like www.smard.de.</summary>
public sealed class SmardTariffSourceTests(ITestOutputHelper output) : IDisposable
{
    private const long Week = 7 * 86400;
    private const long B0 = 1_704_067_200; // Monday 2024-01-01T00:00:00Z, first block
    private const long B1 = B0 + Week;
    private const long B2 = B1 + Week;     // newest block, filled for its first 48 hours
    private const long B3 = B2 + Week;

    private readonly string _cache = Directory.CreateTempSubdirectory("bench-smard-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    /// <summary>Hourly price: 50 EUR/MWh in even hours since B0, 150 in odd ones.</summary>
    private static double HourPrice(long epochSeconds) => (epochSeconds - B0) / 3600 % 2 == 0 ? 50 : 150;

    private static IEnumerable<(long, double?)> HourRows(long blockStart, int filledHours) =>
        Enumerable.Range(0, 168).Select(h =>
        {
            var t = blockStart + (h * 3600L);
            return (t * 1000, h < filledHours ? HourPrice(t) : (double?)null);
        });

    private static async Task<FakeSmardServer> StartHourlyServerAsync()
    {
        var server = await FakeSmardServer.StartAsync();
        server.ServeIndex([B0 * 1000, B1 * 1000, B2 * 1000]);
        server.ServeBlock(B0 * 1000, HourRows(B0, 168));
        server.ServeBlock(B1 * 1000, HourRows(B1, 168));
        server.ServeBlock(B2 * 1000, HourRows(B2, 48));
        return server;
    }

    private SmardTariffSource Source(Uri baseUrl, string? cache = null, TimeSpan? indexTtl = null,
        SmardResolution resolution = SmardResolution.Hour, TimeSpan? timeout = null, int parallel = 4) =>
        new(new SmardOptions
        {
            BaseUrl = baseUrl,
            CacheDirectory = cache ?? _cache,
            IndexTimeToLive = indexTtl ?? TimeSpan.FromHours(1),
            Resolution = resolution,
            RequestTimeout = timeout ?? TimeSpan.FromSeconds(10),
            MaxParallelRequests = parallel,
        });

    private static TariffAccumulator Constant(TariffSeries series, long from, long to, double watts)
    {
        var acc = new TariffAccumulator(series, TariffQuantity.Price);
        acc.AddSegment(from, watts, to, watts);
        return acc;
    }

    [Fact]
    public async Task JobStartingExactlyAtABlockStartFetchesOnlyThatBlock()
    {
        await using var server = await StartHourlyServerAsync();

        var result = await Source(server.BaseUrl).LoadAsync(B1, B1 + 7200);

        Assert.True(result.IsAvailable, result.UnavailableReason);
        Assert.Equal([FakeSmardServer.BlockPath(B1 * 1000), FakeSmardServer.IndexPath()], server.RequestedPaths);
        Assert.Equal(1, server.RequestsFor(FakeSmardServer.BlockPath(B1 * 1000)));
        // Hour 168 since B0 is even (50 EUR/MWh), hour 169 odd (150): 1 kWh each -> 0.05 + 0.15.
        Assert.Equal(0.20, Constant(result.Series, B1, B1 + 7200, 1000).Total, 12);
    }

    [Fact]
    public async Task JobSpanningTwoBlocksFetchesBothAndPricesEachHour()
    {
        await using var server = await StartHourlyServerAsync();

        var result = await Source(server.BaseUrl).LoadAsync(B1 - 3600, B1 + 3600);

        Assert.True(result.IsAvailable, result.UnavailableReason);
        Assert.Equal(1, server.RequestsFor(FakeSmardServer.BlockPath(B0 * 1000)));
        Assert.Equal(1, server.RequestsFor(FakeSmardServer.BlockPath(B1 * 1000)));
        Assert.Equal(2, server.BlockRequests);
        // Hour 167 (odd, 150) then hour 168 (even, 50) at 2000 W: 2 kWh each -> 0.30 + 0.10.
        var acc = Constant(result.Series, B1 - 3600, B1 + 3600, 2000);
        Assert.Equal(0.40, acc.Total, 12);
        Assert.Equal(0, acc.UncoveredJoules);
    }

    [Fact]
    public async Task JobEndingExactlyAtABlockBoundaryDoesNotFetchTheNextBlock()
    {
        await using var server = await StartHourlyServerAsync();

        var result = await Source(server.BaseUrl).LoadAsync(B1 - 7200, B1);

        Assert.True(result.IsAvailable, result.UnavailableReason);
        Assert.Equal([FakeSmardServer.BlockPath(B0 * 1000), FakeSmardServer.IndexPath()], server.RequestedPaths);
        // Hours 166 (50) and 167 (150) at 3000 W: 3 kWh each -> 0.15 + 0.45, all covered.
        var acc = Constant(result.Series, B1 - 7200, B1, 3000);
        Assert.Equal(0.60, acc.Total, 12);
        Assert.Equal(1.0, acc.Totals.CoveredFraction);
    }

    [Fact]
    public async Task SecondRunIsServedFromTheCacheWithoutAnyRequest()
    {
        await using var server = await StartHourlyServerAsync();
        var first = await Source(server.BaseUrl).LoadAsync(B1 - 3600, B1 + 3600);
        server.ResetCounts();

        var second = await Source(server.BaseUrl).LoadAsync(B1 - 3600, B1 + 3600);

        Assert.True(second.IsAvailable, second.UnavailableReason);
        Assert.Equal(0, server.TotalRequests);
        Assert.Equal(first.Series!.Points, second.Series.Points);
    }

    [Fact]
    public async Task ExpiredIndexIsRefetchedWithTheNewestBlockButCompleteBlocksStayCached()
    {
        await using var server = await StartHourlyServerAsync();
        await Source(server.BaseUrl, indexTtl: TimeSpan.Zero).LoadAsync(B2 - 3600, B2 + 3600);
        server.ResetCounts();

        var result = await Source(server.BaseUrl, indexTtl: TimeSpan.Zero).LoadAsync(B2 - 3600, B2 + 3600);

        Assert.True(result.IsAvailable, result.UnavailableReason);
        Assert.Equal([FakeSmardServer.BlockPath(B2 * 1000), FakeSmardServer.IndexPath()], server.RequestedPaths);
        // Hour 335 (odd, 150) then 336 (even, 50) at 1000 W.
        Assert.Equal(0.20, Constant(result.Series, B2 - 3600, B2 + 3600, 1000).Total, 12);
    }

    [Fact]
    public async Task BlockThatWasNewestIsFetchedAgainOnceANewerBlockExists()
    {
        await using var server = await StartHourlyServerAsync();
        await Source(server.BaseUrl, indexTtl: TimeSpan.Zero).LoadAsync(B2, B2 + 3600);
        // SMARD publishes the next week: B2 is complete now, with all 168 hours.
        server.ServeIndex([B0 * 1000, B1 * 1000, B2 * 1000, B3 * 1000]);
        server.ServeBlock(B2 * 1000, HourRows(B2, 168));
        server.ResetCounts();

        var result = await Source(server.BaseUrl, indexTtl: TimeSpan.Zero).LoadAsync(B2 + (100 * 3600), B2 + (101 * 3600));

        Assert.True(result.IsAvailable, result.UnavailableReason);
        Assert.Equal(1, server.RequestsFor(FakeSmardServer.BlockPath(B2 * 1000)));
        Assert.Equal(HourPrice(B2 + (100 * 3600)), result.Series.ValueAt(B2 + (100 * 3600)));
        Assert.Equal([$"4169_DE-LU_hour_{B2 * 1000}.json", "index_hour.json"],
            Directory.GetFiles(Path.Combine(_cache, "4169", "DE-LU")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FutureNullsInTheNewestBlockAreUncoveredEnergy()
    {
        await using var server = await StartHourlyServerAsync();

        var result = await Source(server.BaseUrl).LoadAsync(B2 + (47 * 3600), B2 + (49 * 3600));

        Assert.True(result.IsAvailable, result.UnavailableReason);
        var acc = Constant(result.Series, B2 + (47 * 3600), B2 + (49 * 3600), 1000);
        // Hour 383 since B0 is odd (150 EUR/MWh, 1 kWh); hour 384 has no price yet.
        Assert.Equal(0.15, acc.Total, 12);
        Assert.Equal(3.6e6, acc.CoveredJoules, 6);
        Assert.Equal(3.6e6, acc.UncoveredJoules, 6);
    }

    [Fact]
    public async Task JobBeforeTheFirstBlockIsUncoveredWithAWarningAndNoBlockRequest()
    {
        await using var server = await StartHourlyServerAsync();

        var result = await Source(server.BaseUrl).LoadAsync(B0 - 7200, B0);

        Assert.True(result.IsAvailable, result.UnavailableReason);
        Assert.Equal(0, result.Series.Count);
        Assert.Equal(0, server.BlockRequests);
        Assert.Contains("SMARD has no DE-LU data before 2024-01-01 00:00:00Z", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuarterHourPricesAreFetchedFromQuarterHourBlocks()
    {
        await using var server = await FakeSmardServer.StartAsync();
        server.ServeIndex([B0 * 1000, B1 * 1000], resolution: "quarterhour");
        // 40, 80, 120, 160 EUR/MWh in the four quarters of each hour.
        server.ServeBlock(B0 * 1000, Enumerable.Range(0, 672).Select(q => ((B0 + (q * 900L)) * 1000, (double?)(40 * ((q % 4) + 1)))),
            resolution: "quarterhour");

        var result = await Source(server.BaseUrl, resolution: SmardResolution.QuarterHour).LoadAsync(B0 + 3600, B0 + 7200);

        Assert.True(result.IsAvailable, result.UnavailableReason);
        Assert.Equal(1, server.RequestsFor(FakeSmardServer.BlockPath(B0 * 1000, resolution: "quarterhour")));
        // 0.25 kWh per quarter at 1000 W: 0.00025 MWh * (40 + 80 + 120 + 160) = 0.1 EUR.
        Assert.Equal(0.1, Constant(result.Series, B0 + 3600, B0 + 7200, 1000).Total, 12);
    }

    [Fact]
    public async Task NothingListeningGivesUnavailableWithTheUrlAndReasonQuickly()
    {
        var port = FreePort();
        var clock = Stopwatch.StartNew();

        var result = await Source(new Uri($"http://127.0.0.1:{port}")).LoadAsync(B1, B1 + 3600);

        clock.Stop();
        output.WriteLine($"{clock.ElapsedMilliseconds} ms: {result.UnavailableReason}");
        Assert.False(result.IsAvailable);
        Assert.StartsWith($"SMARD unreachable at http://127.0.0.1:{port}/app/chart_data/4169/DE-LU/index_hour.json: ", result.UnavailableReason, StringComparison.Ordinal);
        Assert.Contains("refused", result.UnavailableReason, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("; analysis continues without cost", result.UnavailableReason, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task StoppedServerLeavesCachedDataUsableAndAnEmptyCacheUnavailable()
    {
        var warm = Path.Combine(_cache, "warm");
        var cold = Path.Combine(_cache, "cold");
        Uri baseUrl;
        await using (var server = await StartHourlyServerAsync())
        {
            baseUrl = server.BaseUrl;
            Assert.True((await Source(baseUrl, warm).LoadAsync(B1 - 3600, B1 + 3600)).IsAvailable);
            await server.StopAsync();
        }

        var fromCold = await Source(baseUrl, cold).LoadAsync(B1 - 3600, B1 + 3600);
        var fromWarm = await Source(baseUrl, warm).LoadAsync(B1 - 3600, B1 + 3600);
        var staleIndex = await Source(baseUrl, warm, indexTtl: TimeSpan.Zero).LoadAsync(B1 - 3600, B1 + 3600);

        Assert.False(fromCold.IsAvailable);
        Assert.StartsWith($"SMARD unreachable at {baseUrl}app/chart_data/4169/DE-LU/index_hour.json", fromCold.UnavailableReason, StringComparison.Ordinal);
        Assert.True(fromWarm.IsAvailable, fromWarm.UnavailableReason);
        Assert.Empty(fromWarm.Warnings);
        Assert.True(staleIndex.IsAvailable, staleIndex.UnavailableReason);
        Assert.EndsWith("using the cached SMARD index from 1 min ago.", Assert.Single(staleIndex.Warnings), StringComparison.Ordinal);
        Assert.Equal(0.20, Constant(staleIndex.Series, B1 - 3600, B1 + 3600, 1000).Total, 12);
    }

    [Fact]
    public async Task ServerErrorOnTheIndexIsUnavailableWithTheStatus()
    {
        await using var server = await StartHourlyServerAsync();
        server.Serve(FakeSmardServer.IndexPath(), "oops", status: 500);

        var result = await Source(server.BaseUrl).LoadAsync(B1, B1 + 3600);

        Assert.Equal($"SMARD answered HTTP 500 Internal Server Error at {server.BaseUrl}app/chart_data/4169/DE-LU/index_hour.json; " +
            "analysis continues without cost", result.UnavailableReason);
    }

    [Fact]
    public async Task ServerErrorOnOneBlockMakesTheSeriesUnavailableNamingThatBlock()
    {
        await using var server = await StartHourlyServerAsync();
        server.Serve(FakeSmardServer.BlockPath(B1 * 1000), "oops", status: 500);

        var result = await Source(server.BaseUrl).LoadAsync(B1 - 3600, B1 + 3600);

        Assert.False(result.IsAvailable);
        Assert.StartsWith($"SMARD answered HTTP 500 Internal Server Error at {server.BaseUrl}app/chart_data/4169/DE-LU/4169_DE-LU_hour_{B1 * 1000}.json",
            result.UnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedBlockIsUnavailableAndNotCached()
    {
        await using var server = await StartHourlyServerAsync();
        server.Serve(FakeSmardServer.BlockPath(B1 * 1000), "{\"series\":[[1704672000000,12.5],[1704675600000,");

        var broken = await Source(server.BaseUrl).LoadAsync(B1, B1 + 3600);
        server.ServeBlock(B1 * 1000, HourRows(B1, 168));
        var repaired = await Source(server.BaseUrl).LoadAsync(B1, B1 + 3600);

        Assert.StartsWith($"SMARD returned malformed data at {server.BaseUrl}app/chart_data/4169/DE-LU/4169_DE-LU_hour_{B1 * 1000}.json: not valid JSON",
            broken.UnavailableReason, StringComparison.Ordinal);
        Assert.True(repaired.IsAvailable, repaired.UnavailableReason);
        Assert.Equal(2, server.RequestsFor(FakeSmardServer.BlockPath(B1 * 1000)));
        Assert.Equal(50, repaired.Series.ValueAt(B1));
    }

    [Theory]
    [InlineData("{\"foo\":1}", "expected an object with a \"timestamps\" array")]
    [InlineData("{\"timestamps\":[]}", "the index lists no blocks")]
    [InlineData("{\"timestamps\":[\"soon\"]}", "timestamp \"soon\" is not an integer of milliseconds")]
    [InlineData("<html>maintenance</html>", "not valid JSON")]
    public async Task IndexOfTheWrongShapeIsUnavailableSayingWhatIsWrong(string body, string problem)
    {
        await using var server = await StartHourlyServerAsync();
        server.Serve(FakeSmardServer.IndexPath(), body);

        var result = await Source(server.BaseUrl).LoadAsync(B1, B1 + 3600);

        Assert.False(result.IsAvailable);
        Assert.Contains($"index_hour.json: {problem}", result.UnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlockValueThatIsNotANumberIsMalformed()
    {
        await using var server = await StartHourlyServerAsync();
        server.Serve(FakeSmardServer.BlockPath(B1 * 1000), $"{{\"series\":[[{B1 * 1000},\"12,5\"]]}}");

        var result = await Source(server.BaseUrl).LoadAsync(B1, B1 + 3600);

        Assert.Contains("series entry 0 has value \"12,5\", not a number or null", result.UnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowServerTimesOutPerRequest()
    {
        await using var server = await StartHourlyServerAsync();
        server.Serve(FakeSmardServer.IndexPath(), "{\"timestamps\":[1]}", delay: TimeSpan.FromSeconds(20));
        var clock = Stopwatch.StartNew();

        var result = await Source(server.BaseUrl, timeout: TimeSpan.FromMilliseconds(300)).LoadAsync(B1, B1 + 3600);

        clock.Stop();
        output.WriteLine($"{clock.ElapsedMilliseconds} ms: {result.UnavailableReason}");
        Assert.Equal($"SMARD unreachable at {server.BaseUrl}app/chart_data/4169/DE-LU/index_hour.json: no answer within 0.3 s; " +
            "analysis continues without cost", result.UnavailableReason);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task CallerCancellationThrowsInsteadOfReportingUnavailable()
    {
        await using var server = await StartHourlyServerAsync();
        server.Serve(FakeSmardServer.IndexPath(), "{\"timestamps\":[1]}", delay: TimeSpan.FromSeconds(20));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Source(server.BaseUrl).LoadAsync(B1, B1 + 3600, cts.Token));
    }

    [Fact]
    public async Task BlocksDownloadInParallelUpToTheLimit()
    {
        await using var server = await FakeSmardServer.StartAsync();
        var starts = Enumerable.Range(0, 6).Select(k => B0 + (k * Week)).ToArray();
        server.ServeIndex([.. starts.Select(s => s * 1000)]);
        foreach (var start in starts)
        {
            server.ServeBlock(start * 1000, HourRows(start, 168), delay: TimeSpan.FromMilliseconds(300));
        }

        var result = await Source(server.BaseUrl, parallel: 2).LoadAsync(B0, starts[^1] + 3600);

        Assert.True(result.IsAvailable, result.UnavailableReason);
        Assert.Equal(6, server.BlockRequests);
        Assert.Equal(2, server.MaxConcurrentRequests);
        // Every hour of the six weeks priced: 5 weeks + 1 h at 1000 W, half the hours at 50 and half at 150.
        var acc = Constant(result.Series, B0, starts[^1] + 3600, 1000);
        Assert.Equal((5 * 84 * 0.05) + (5 * 84 * 0.15) + 0.05, acc.Total, 9);
    }

    [Fact]
    public async Task CorruptCacheFileIsFetchedAgain()
    {
        await using var server = await StartHourlyServerAsync();
        await Source(server.BaseUrl).LoadAsync(B0, B0 + 3600);
        await File.WriteAllTextAsync(Path.Combine(_cache, "4169", "DE-LU", $"4169_DE-LU_hour_{B0 * 1000}.json"), "{\"series\":[[");
        server.ResetCounts();

        var result = await Source(server.BaseUrl).LoadAsync(B0, B0 + 3600);

        Assert.True(result.IsAvailable, result.UnavailableReason);
        Assert.Equal(1, server.RequestsFor(FakeSmardServer.BlockPath(B0 * 1000)));
        Assert.Equal(50, result.Series.ValueAt(B0));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
