using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
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

    /// <summary>
    /// The optional query parameter <paramref name="name"/> as a whole number from <paramref name="min"/> to
    /// <paramref name="max"/>, <paramref name="fallback"/> when it is absent; false, with the 400 that names it
    /// and its range, when it is anything else.
    /// </summary>
    public static bool TryOptionalNumber(HttpRequest request, string name, int fallback, int min, int max, out int value, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        problem = null;
        string? text = request.Query[name];
        if (text is null)
        {
            value = fallback;
            return true;
        }

        if (TryParse(text, min, max, out value))
        {
            return true;
        }

        problem = Problems.BadRequest($"{name} must be a whole number from {min} to {max}.");
        return false;
    }
}
