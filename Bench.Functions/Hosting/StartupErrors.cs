using Microsoft.Extensions.Options;

namespace Bench.Functions.Hosting;

/// <summary>Finds the option validation failures in a start-up exception, each naming its variable.</summary>
internal static class StartupErrors
{
    public static List<string> ConfigurationErrors(Exception exception) => exception switch
    {
        OptionsValidationException options => [.. options.Failures],
        AggregateException aggregate => [.. aggregate.InnerExceptions.SelectMany(ConfigurationErrors)],
        _ => [],
    };
}
