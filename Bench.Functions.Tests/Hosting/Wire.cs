using System.Text.Json;

namespace Bench.Functions.Tests.Hosting;

/// <summary>The app's JSON conventions (snake_case names), for reading its responses.</summary>
public static class Wire
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
