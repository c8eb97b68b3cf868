using System.Globalization;
using Microsoft.Azure.Functions.Worker;

namespace Bench.Functions.Functions;

/// <summary>Route and query values as the HTTP functions read them.</summary>
internal static class QueryValues
{
    /// <summary>The route parameter as the worker's routing matched it, else as the host sent it in the trigger metadata.</summary>
    public static string Route(HttpRequest request, FunctionContext context, string name) =>
        request.RouteValues[name] as string
        ?? (context.BindingContext.BindingData.TryGetValue(name, out var value) ? value?.ToString() : null)
        ?? "";

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static bool TryParse(string text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
}
