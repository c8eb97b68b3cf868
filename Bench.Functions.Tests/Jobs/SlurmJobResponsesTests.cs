using System.Text.Json;
using Bench.Functions.Jobs;

namespace Bench.Functions.Tests.Jobs;

/// <summary>The detail answer is the job's fields, then its own, in one flat object (as the wire showed it before the types shared fields).</summary>
public sealed class SlurmJobResponsesTests
{
    private static readonly JsonSerializerOptions Wire = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [Fact]
    public void TheDetailIsTheJobsFieldsInOrderThenItsOwn()
    {
        var job = new SlurmJobResponse(
            "4242@lumi", "4242", "lumi", "hpl", "done", true, 3, 0, 2, ["batch", "0"], null,
            DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), DateTimeOffset.FromUnixTimeSeconds(1_700_003_600),
            3.6e6, 3600, 1000, 1500, 12, 1.296e10, 0.4, 1368, "about 1 kWh", null, "9.0.0", 1,
            DateTimeOffset.FromUnixTimeSeconds(1_700_004_000), DateTimeOffset.FromUnixTimeSeconds(1_700_004_100));
        var detail = new SlurmJobDetailResponse(job, [], [], ["w"], [new SlurmJobUpload(Guid.Empty, "alice/a.h5", "profile", "done", null)]);

        var jobNames = Names(JsonSerializer.SerializeToElement(job, Wire));
        var detailNames = Names(JsonSerializer.SerializeToElement(detail, Wire));

        Assert.Equal([.. jobNames, "per_node", "per_step", "warnings", "uploads"], detailNames);
        Assert.Equal("4242@lumi", JsonSerializer.SerializeToElement(detail, Wire).GetProperty("id").GetString());
        Assert.Equal(27, jobNames.Count);
    }

    private static List<string> Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
